import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chownTree } from './ownership';

const base = mkdtempSync(join(tmpdir(), 'gantry-ownership-'));
after(() => rmSync(base, { recursive: true, force: true }));

test('chownTree gives every entry to the owner, changes links themselves and never what they name', async () => {
  const outside = join(base, 'outside.txt');
  writeFileSync(outside, 'host file');
  const root = join(base, 'volume');
  mkdirSync(join(root, 'a/b'), { recursive: true });
  writeFileSync(join(root, 'a/b/f'), 'x');
  symlinkSync(outside, join(root, 'a/escape'));
  symlinkSync(base, join(root, 'dir-link'));
  const owner = { uid: 1234, gid: 4321 };
  assert.equal(await chownTree(root, owner), 6);
  for (const p of ['', 'a', 'a/b', 'a/b/f', 'a/escape', 'dir-link']) {
    const st = lstatSync(join(root, p));
    assert.deepEqual([st.uid, st.gid], [1234, 4321], p);
  }
  assert.equal(statSync(outside).uid, process.getuid!());
  assert.equal(statSync(base).uid, process.getuid!());
  assert.equal(await chownTree(root, owner), 0); // already theirs: nothing to change
});
