import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, lockDataDir } from './data-dir-lock';

test('a data dir is locked once; released, it can be taken again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-lock-'));
  try {
    const release = lockDataDir(dir);
    assert.throws(() => lockDataDir(dir), DataDirInUseError);
    release();
    assert.equal(existsSync(join(dir, 'gantry.pid')), false);
    lockDataDir(dir)();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a lock left by a dead process is taken over', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-lock-'));
  try {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(dir, 'gantry.pid'), String(dead));
    const release = lockDataDir(dir);
    release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('our own pid left by an earlier run of this pid is stale; a non-node holder is too', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-lock-'));
  try {
    writeFileSync(join(dir, 'gantry.pid'), String(process.pid));
    const release = lockDataDir(dir);
    release();
    const sleeper = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, 'gantry.pid'), String(sleeper.pid));
      lockDataDir(dir)();
    } finally {
      sleeper.kill();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a live node process holding the dir is respected', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-lock-'));
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  try {
    writeFileSync(join(dir, 'gantry.pid'), String(other.pid));
    assert.throws(() => lockDataDir(dir), DataDirInUseError);
  } finally {
    other.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
