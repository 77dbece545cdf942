import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlSource } from './source';

test('reads YAML as Concourse does: 1.1 booleans, times and dates stay text, merges apply', () => {
  const { value, diagnostics } = parseYamlSource('a: yes\nb: off\nc: 1:30\nd: 2001-12-14\nbase: &b {k: 1}\ne:\n  <<: *b\n  m: 2\n', 'f.yml');
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(value, { a: true, b: false, c: '1:30', d: '2001-12-14', base: { k: 1 }, e: { k: 1, m: 2 } });
});

test('locate gives 1-based line and column of a value, or of its key', () => {
  const src = parseYamlSource('jobs:\n- name: a\n  plan:\n  - get: repo\n    trigger: true\n', 'f.yml');
  assert.deepEqual(src.locate(['jobs', 0, 'plan', 0, 'trigger']), { line: 5, column: 14 });
  assert.deepEqual(src.locate(['jobs', 0, 'plan', 0, 'trigger'], 'key'), { line: 5, column: 5 });
  assert.deepEqual(src.locate(['jobs', 0]), { line: 2, column: 3 });
});

test('locate falls back to the deepest node that exists, and finds merged keys', () => {
  const src = parseYamlSource('base: &b\n  k: 1\ne:\n  <<: *b\n  m: 2\n', 'f.yml');
  assert.deepEqual(src.locate(['e', 'missing', 3]), { line: 4, column: 3 });
  assert.deepEqual(src.locate(['e', 'k']), { line: 2, column: 6 });
});

test('a key with no value is located at its key', () => {
  const src = parseYamlSource('a:\n  b:\n', 'f.yml');
  assert.deepEqual(src.locate(['a', 'b']), { line: 2, column: 3 });
});

test('bad YAML gives error diagnostics with positions and no value', () => {
  const src = parseYamlSource('a: [1, 2\nb: 3\n', 'bad.yml');
  assert.equal(src.value, null);
  assert.ok(src.diagnostics.length > 0);
  const first = src.diagnostics[0]!;
  assert.equal(first.severity, 'error');
  assert.equal(first.file, 'bad.yml');
  assert.ok(first.line >= 1 && first.column >= 1);
});

test('a second YAML document is ignored with a warning', () => {
  const src = parseYamlSource('a: 1\n---\nb: 2\n', 'f.yml');
  assert.deepEqual(src.value, { a: 1 });
  assert.deepEqual(
    src.diagnostics.map((d) => [d.severity, d.line, d.message]),
    [['warning', 2, 'only the first YAML document is used; this one is ignored']],
  );
});

test('an alias inside its own anchor is an error at the alias, not an endless value', () => {
  const src = parseYamlSource('jobs: []\na: &loop\n  b: [1, *loop]\nc: &ok [1]\nd: *ok\n', 'f.yml');
  assert.equal(src.value, null);
  assert.deepEqual(
    src.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.message}`),
    ['3:10 error alias *loop refers to a node that contains it (&loop), which makes an endless value'],
  );
});
