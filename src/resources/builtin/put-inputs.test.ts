import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { putInputs } from './put-inputs';

test('paths resolve under the named input; globs match per segment; nothing escapes', () => {
  const a = mkdtempSync(join(tmpdir(), 'gantry-in-'));
  mkdirSync(join(a, 'out'));
  for (const f of ['image-1.tar', 'image-2.tar', 'notes.txt']) writeFileSync(join(a, 'out', f), f);
  symlinkSync('/etc', join(a, 'etc-link'));
  const inputs = putInputs({ built: a });
  assert.equal(inputs.resolve('built/out/notes.txt'), join(a, 'out/notes.txt'));
  assert.deepEqual(inputs.glob('built/out/image-*.tar'), ['built/out/image-1.tar', 'built/out/image-2.tar']);
  assert.deepEqual(inputs.glob('b*/out/image-[2].tar'), ['built/out/image-2.tar']);
  assert.deepEqual(inputs.glob('built/etc-link/*'), []);
  assert.throws(() => inputs.resolve('built/etc-link/passwd'), /refusing to follow the symlink/);
  assert.throws(() => inputs.resolve('built/../../etc/passwd'), /climbs out/);
  assert.throws(() => inputs.resolve('/etc/passwd'), /must be relative/);
  assert.throws(() => inputs.resolve('other/x'), /not in any of the put's inputs \(built\)/);
  rmSync(a, { recursive: true });
});
