import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatVarRef, parseVarRef } from './reference';

describe('parseVarRef', () => {
  const good: [string, string, { source?: string; path: string; fields: string[] }][] = [
    ['plain name', 'hello', { path: 'hello', fields: [] }],
    ['name with fields', 'hello.a.b', { path: 'hello', fields: ['a', 'b'] }],
    ['var source', 'vault:hello.field', { source: 'vault', path: 'hello', fields: ['field'] }],
    ['local var source', '.:item', { source: '.', path: 'item', fields: [] }],
    ['quoted segments keep dots and colons', '"hello.world"."a.b"."foo:bar"', { path: 'hello.world', fields: ['a.b', 'foo:bar'] }],
    ['quoted path with colon is not a source', '"my:path"."field.1"', { path: 'my:path', fields: ['field.1'] }],
    ['unquoted segments are trimmed', 'hello .world ', { path: 'hello', fields: ['world'] }],
    ['quoted segments are not trimmed', '" hello "."world "', { path: ' hello ', fields: ['world '] }],
    ['surrounding parentheses are accepted', '((a.b))', { path: 'a', fields: ['b'] }],
  ];
  for (const [name, text, expected] of good) {
    test(name, () => {
      const ref = parseVarRef(text);
      assert.deepEqual({ source: ref.source, path: ref.path, fields: ref.fields }, { source: undefined, ...expected });
    });
  }

  test('raw is the text between the parentheses as written', () => {
    assert.equal(parseVarRef('(("a.b".c))').raw, '"a.b".c');
  });

  const bad: [string, string, string][] = [
    ['quoted source', '"some-source":path', `invalid var '"some-source":path': source must not be quoted`],
    ['empty segment after source', 'vault:.field', `invalid var 'vault:.field': empty field`],
    ['empty quoted segment', 'vault:"".field', `invalid var 'vault:"".field': empty field`],
    ['nothing after source', 'vault:', `invalid var 'vault:': empty field`],
    ['trailing dot', 'a.', `invalid var 'a.': empty field`],
  ];
  for (const [name, text, msg] of bad) {
    test(`rejects ${name}`, () => {
      assert.throws(() => parseVarRef(text), { name: 'VarsError', message: msg });
    });
  }
});

describe('formatVarRef', () => {
  test('quotes segments with special characters, as Concourse names vars', () => {
    assert.equal(formatVarRef({ path: 'hello.world', fields: ['a', 'foo:bar', 'other field'] }), '"hello.world".a."foo:bar"."other field"');
    assert.equal(formatVarRef({ source: 'src', path: 'hello', fields: [] }), 'src:hello');
  });
});
