import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entryViolation } from './safe-tar';

const file = (path: string) => ({ path, type: 'File' });

test('ordinary entries pass', () => {
  const links = new Set<string>();
  for (const p of ['a', './a/b', 'a/b/c.txt', 'dir/']) assert.equal(entryViolation(file(p), links), undefined);
  assert.equal(entryViolation({ path: 'bin/sh', type: 'SymbolicLink', linkpath: 'busybox' }, links), undefined);
  assert.equal(entryViolation({ path: 'bin/sh', type: 'SymbolicLink', linkpath: '/bin/busybox' }, links), undefined);
  assert.equal(entryViolation({ path: 'a/l', type: 'SymbolicLink', linkpath: '../b' }, links), undefined);
  assert.equal(entryViolation({ path: 'h', type: 'Link', linkpath: 'a/b' }, links), undefined);
});

test('absolute paths, .. and escaping links are named', () => {
  const links = new Set<string>();
  assert.match(entryViolation(file('/etc/passwd'), links)!, /absolute path/);
  assert.match(entryViolation(file('../x'), links)!, /contains "\.\."/);
  assert.match(entryViolation(file('a/../../x'), links)!, /contains "\.\."/);
  assert.match(entryViolation({ path: 'a/l', type: 'SymbolicLink', linkpath: '../../etc' }, links)!, /symlink "a\/l" points outside/);
  assert.match(entryViolation({ path: 'h', type: 'Link', linkpath: '../x' }, links)!, /hard link/);
  assert.match(entryViolation({ path: 'h', type: 'Link', linkpath: '/etc/shadow' }, links)!, /hard link/);
});

test('an entry under a symlink from the same archive is refused', () => {
  const links = new Set(['etc-link']);
  assert.match(entryViolation(file('etc-link/passwd'), links)!, /goes through the symlink "etc-link"/);
});
