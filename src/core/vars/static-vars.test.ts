import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chainVars, namedVars, staticVars } from './static-vars';
import type { VarLookup } from './interpolate';
import { parseVarRef } from './reference';
import { redact } from './redact';

describe('staticVars', () => {
  test('a later layer wins over an earlier one, per var name', () => {
    const lookup = staticVars({ a: 1, b: { x: 1, y: 2 } }, { b: { x: 9 } });
    assert.deepEqual(lookup(parseVarRef('a')), { found: true, value: 1 });
    assert.deepEqual(lookup(parseVarRef('b.x')), { found: true, value: 9 });
    assert.throws(() => lookup(parseVarRef('b.y')), { message: "missing field 'y' in var: b.y" });
  });

  test('references with a source are not answered', () => {
    assert.deepEqual(staticVars({ a: 1 })(parseVarRef('vault:a')), { found: false });
  });

  test('an unknown name is not found', () => {
    assert.deepEqual(staticVars({ a: 1 })(parseVarRef('toString')), { found: false });
  });
});

describe('chainVars and namedVars', () => {
  const vault: VarLookup = (ref) =>
    ref.path === 'db' ? { found: true, value: { password: 'pw' }, redact: true } : { found: false };
  const lookup = chainVars(staticVars({ db: 'static' }), namedVars({ vault }));

  test('the first lookup that finds a var answers', () => {
    assert.deepEqual(lookup(parseVarRef('db')), { found: true, value: 'static' });
  });

  test('a source:path ref goes to that source, asked without the source', () => {
    assert.deepEqual(lookup(parseVarRef('vault:db')), { found: true, value: { password: 'pw' }, redact: true });
    assert.deepEqual(lookup(parseVarRef('vault:other')), { found: false });
  });

  test('an unknown source is an error naming the var', () => {
    assert.throws(() => lookup(parseVarRef('nope:db.x')), { message: "missing source 'nope' in var: nope:db.x" });
  });
});

describe('redact', () => {
  test('replaces each secret with ((redacted))', () => {
    assert.equal(redact('user=dbuser pass=hunter22', ['hunter22', 'dbuser']), 'user=((redacted)) pass=((redacted))');
  });

  test('redacts each line of a multi-line secret, and not one-character values', () => {
    const key = '-----BEGIN KEY-----\n  abcdef\n-----END KEY-----\n';
    assert.equal(redact('got abcdef and x', [key, 'x']), 'got ((redacted)) and x');
  });

  test('a secret that contains another is redacted whole', () => {
    assert.equal(redact('token: abc123', ['abc', 'abc123']), 'token: ((redacted))');
  });
});
