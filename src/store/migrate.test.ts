import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMigrations } from './migrate';

test('the shipped migrations are numbered 1, 2, ... without gaps', () => {
  const versions = loadMigrations().map((m) => m.version);
  assert.deepEqual(versions, versions.map((_, i) => i + 1));
});

test('two files with one number are refused; other files are ignored', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-mig-'));
  try {
    writeFileSync(join(dir, '0001_a.sql'), 'SELECT 1');
    writeFileSync(join(dir, 'README.md'), 'notes');
    assert.deepEqual(loadMigrations(dir).map((m) => [m.version, m.name]), [[1, 'a']]);
    writeFileSync(join(dir, '0001_b.sql'), 'SELECT 2');
    assert.throws(() => loadMigrations(dir), /two migrations numbered 1/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
