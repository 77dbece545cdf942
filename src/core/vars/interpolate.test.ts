import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findVarRefs, interpolate, interpolateAll, type VarLookup } from './interpolate';
import { staticVars } from './static-vars';
import { UndefinedVarsError } from './errors';
import { redact } from './redact';

const vars = staticVars({
  name: 'gantry',
  port: 8080,
  enabled: true,
  creds: { user: 'admin', password: 's3cret' },
  list: ['a', 'b'],
  'a.b': { c: 'dotted' },
});

describe('interpolate', () => {
  test('a whole-string var is replaced by its value, keeping the structure', () => {
    const { value } = interpolate({ source: '((creds))', port: '((port))', items: '((list))' }, vars);
    assert.deepEqual(value, { source: { user: 'admin', password: 's3cret' }, port: 8080, items: ['a', 'b'] });
  });

  test('a var inside a longer string is interpolated as text', () => {
    const { value } = interpolate({ uri: 'https://((creds.user)):((creds.password))@host:((port))/((name))' }, vars);
    assert.deepEqual(value, { uri: 'https://admin:s3cret@host:8080/gantry' });
  });

  test('numbers and booleans inside a longer string are written as text', () => {
    assert.equal(interpolate('port=((port)) enabled=((enabled))', vars).value, 'port=8080 enabled=true');
  });

  test('fields, quoted segments and nested structures', () => {
    const input = { jobs: [{ plan: [{ params: { a: '((creds.user))', b: ['x-(("a.b".c))'] } }] }] };
    const { value } = interpolate(input, vars);
    assert.deepEqual(value, { jobs: [{ plan: [{ params: { a: 'admin', b: ['x-dotted'] } }] }] });
    assert.equal(input.jobs[0]?.plan[0]?.params.a, '((creds.user))', 'input is left untouched');
  });

  test('vars in map keys are interpolated', () => {
    const { value } = interpolate({ '((name))': 1, 'key-((port))': '((name))' }, vars);
    assert.deepEqual(value, { gantry: 1, 'key-8080': 'gantry' });
  });

  test('missing vars stay as written and are listed once each, in order', () => {
    const result = interpolate(
      { a: '((zeta))', b: 'x ((alpha.f)) ((name)) ((zeta))', c: ['((vault:secret.key))'], d: '((zeta))' },
      vars,
    );
    assert.deepEqual(result.value, {
      a: '((zeta))',
      b: 'x ((alpha.f)) gantry ((zeta))',
      c: ['((vault:secret.key))'],
      d: '((zeta))',
    });
    assert.deepEqual(result.missing, ['zeta', 'alpha.f', 'vault:secret.key']);
    assert.equal(new UndefinedVarsError(result.missing).message, 'undefined vars: alpha.f, vault:secret.key, zeta');
  });

  test('interpolateAll refuses missing vars with Concourse\'s message, sorted', () => {
    assert.throws(() => interpolateAll(['((zz))', '((name))', '((aa.b))'], vars), {
      name: 'UndefinedVarsError',
      message: 'undefined vars: aa.b, zz',
    });
    assert.deepEqual(interpolateAll('((name))', vars).value, 'gantry');
  });

  test('a key named __proto__ stays a plain key', () => {
    const input = JSON.parse('{"__proto__": {"a": "((name))"}}') as unknown;
    const { value } = interpolate(input, vars);
    assert.deepEqual(Object.keys(value as object), ['__proto__']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(value, '__proto__')?.value, { a: 'gantry' });
  });

  test('text that is not a reference is left alone', () => {
    const input = { a: '((has space))', b: '(not)', c: '(())', d: 42, e: null };
    assert.deepEqual(interpolate(input, vars), { value: input, missing: [], secrets: [] });
  });

  test('a map or list inside a longer string is an error naming the var', () => {
    assert.throws(() => interpolate('prefix-((creds))', vars), {
      message: 'cannot interpolate non-primitive value (map) from var: creds',
    });
    assert.throws(() => interpolate('prefix-((list))', vars), /non-primitive value \(list\) from var: list/);
  });

  test('field access on a non-map value is an error naming the var', () => {
    assert.throws(() => interpolate('((name.field))', vars), {
      message: "cannot access field 'field' of non-map value ('string') from var: name.field",
    });
  });

  test('an error says where in the value it happened', () => {
    const input = { jobs: [{ name: 'j', plan: [{ task: 't', params: { X: 'a-((creds))' } }] }], '((list))': 1 };
    assert.throws(() => interpolate(input, vars), { path: ['jobs', 0, 'plan', 0, 'params', 'X'], part: 'value' });
    assert.throws(() => interpolate({ a: { '((list))': 1 } }, vars), { path: ['a', '((list))'], part: 'key' });
  });

  test('a missing field of a map is an error, not a missing var', () => {
    assert.throws(() => interpolate('((creds.token))', vars), { message: "missing field 'token' in var: creds.token" });
  });

  test('bad reference syntax is an error', () => {
    assert.throws(() => interpolate({ a: '(("src":x))' }, vars), /source must not be quoted/);
  });

  test('values from credential lookups are listed as secrets and can be redacted', () => {
    const vault: VarLookup = (ref) =>
      ref.source === 'vault' && ref.path === 'db'
        ? { found: true, value: { user: 'dbuser', password: 'hunter22' }, redact: true }
        : { found: false };
    const both: VarLookup = (ref) => {
      const fromVault = vault(ref);
      return fromVault.found ? fromVault : vars(ref);
    };
    const result = interpolate({ conn: '((vault:db))', name: '((name))' }, both);
    assert.deepEqual(result.secrets, ['dbuser', 'hunter22']);
    assert.deepEqual(result.missing, []);
    assert.equal(
      redact('login dbuser:hunter22 for gantry', result.secrets),
      'login ((redacted)):((redacted)) for gantry',
      'static vars are not secrets',
    );
  });

  test('numbers from credential lookups are secrets too, as the text they print as; booleans are not', () => {
    const creds: VarLookup = (ref) =>
      ref.source === 'vault'
        ? { found: true, value: { pin: 80417, ratio: 0.25, enabled: true, nested: [31337] }, redact: true }
        : { found: false };
    const result = interpolate({ env: { PIN: '((vault:acct.pin))', ALL: '((vault:acct))' } }, creds);
    assert.deepEqual(result.secrets, ['80417', '0.25', '31337']);
    assert.equal(
      redact('pin 80417 ratio 0.25 id 31337 enabled true', result.secrets),
      'pin ((redacted)) ratio ((redacted)) id ((redacted)) enabled true',
    );
  });
});

describe('findVarRefs', () => {
  test('finds each distinct reference in values and keys, in order', () => {
    const refs = findVarRefs({ '((k))': ['((a.b))', 'x ((src:c)) ((a.b))'], n: 1 });
    assert.deepEqual(
      refs.map((r) => [r.source, r.path, r.fields]),
      [
        [undefined, 'k', []],
        [undefined, 'a', ['b']],
        ['src', 'c', []],
      ],
    );
  });
});
