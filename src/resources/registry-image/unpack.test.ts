import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { applyLayer } from './unpack';

/** A gzipped layer made from a directory tree described as path → content (null = directory). */
const layerDirs: string[] = [];
process.once('exit', () => { for (const d of layerDirs) rmSync(d, { recursive: true, force: true }); });

/** A scratch dir for a layer's sources, removed when the test process exits. */
function layerDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-layer-'));
  layerDirs.push(dir);
  return dir;
}

async function layer(files: Record<string, string | null>): Promise<string> {
  const dir = layerDir();
  const src = join(dir, 'src');
  mkdirSync(src);
  for (const [p, content] of Object.entries(files)) {
    if (content === null) mkdirSync(join(src, p), { recursive: true });
    else { mkdirSync(join(src, p, '..'), { recursive: true }); writeFileSync(join(src, p), content); }
  }
  const file = join(dir, 'layer.tar.gz');
  await tar.c({ cwd: src, file, gzip: true, portable: true }, Object.keys(files));
  return file;
}

function rootfs(): string {
  return mkdtempSync(join(tmpdir(), 'gantry-rootfs-'));
}

test('a .wh. entry deletes the file or directory from lower layers', async () => {
  const root = rootfs();
  await applyLayer(root, await layer({ 'etc/a': 'a', 'etc/b': 'b', 'var/cache/x': 'x' }), true);
  await applyLayer(root, await layer({ 'etc/.wh.a': '', '.wh.var': '' }), true);
  assert.deepEqual(readdirSync(join(root, 'etc')), ['b']);
  assert.equal(existsSync(join(root, 'var')), false);
  rmSync(root, { recursive: true });
});

test('an opaque whiteout empties the directory of lower content but keeps its own layer', async () => {
  const root = rootfs();
  await applyLayer(root, await layer({ 'app/old1': '1', 'app/sub/old2': '2', 'keep/k': 'k' }), true);
  await applyLayer(root, await layer({ 'app/.wh..wh..opq': '', 'app/new': 'n' }), true);
  assert.deepEqual(readdirSync(join(root, 'app')), ['new']);
  assert.equal(readFileSync(join(root, 'keep/k'), 'utf8'), 'k');
  rmSync(root, { recursive: true });
});

test('a whiteout through a symlink is refused instead of deleting outside the rootfs', async () => {
  const root = rootfs();
  const outside = mkdtempSync(join(tmpdir(), 'gantry-outside-'));
  writeFileSync(join(outside, 'precious'), 'p');
  symlinkSync(outside, join(root, 'link'));
  await assert.rejects(applyLayer(root, await layer({ 'link/.wh.precious': '' }), true), /goes through the symlink "link"/);
  assert.equal(readFileSync(join(outside, 'precious'), 'utf8'), 'p');
  rmSync(root, { recursive: true });
  rmSync(outside, { recursive: true });
});

test('an uncompressed layer is applied too', async () => {
  const root = rootfs();
  const dir = layerDir();
  writeFileSync(join(dir, 'f'), 'plain');
  await tar.c({ cwd: dir, file: join(dir, 'l.tar') }, ['f']);
  await applyLayer(root, join(dir, 'l.tar'), false);
  assert.equal(readFileSync(join(root, 'f'), 'utf8'), 'plain');
  rmSync(root, { recursive: true });
});

test('a file in an upper layer replaces a directory of a lower one, contents and all', async () => {
  const root = rootfs();
  await applyLayer(root, await layer({ 'x/inner/deep': 'd', 'y': 'file' }), true);
  await applyLayer(root, await layer({ 'x': 'now a file', 'y/child': 'now a dir' }), true);
  assert.equal(readFileSync(join(root, 'x'), 'utf8'), 'now a file');
  assert.equal(readFileSync(join(root, 'y/child'), 'utf8'), 'now a dir');
  rmSync(root, { recursive: true });
});


test('hard links inside the layer are kept as links', async () => {
  const root = rootfs();
  const dir = layerDir();
  mkdirSync(join(dir, 'src/bin'), { recursive: true });
  writeFileSync(join(dir, 'src/bin/tool'), 'binary');
  execFileSync('ln', [join(dir, 'src/bin/tool'), join(dir, 'src/bin/alias')]);
  execFileSync('tar', ['-C', join(dir, 'src'), '-czf', join(dir, 'l.tgz'), 'bin']);
  await applyLayer(root, join(dir, 'l.tgz'), true);
  assert.equal(statSync(join(root, 'bin/alias')).ino, statSync(join(root, 'bin/tool')).ino);
  rmSync(root, { recursive: true });
});

test('a later layer cannot write through an absolute symlink of an earlier one onto the host', async () => {
  const root = rootfs();
  const outside = mkdtempSync(join(tmpdir(), 'gantry-outside-'));
  const dir = layerDir();
  mkdirSync(join(dir, 'a'));
  symlinkSync(outside, join(dir, 'a/escape'));
  execFileSync('tar', ['-C', join(dir, 'a'), '-czf', join(dir, 'l1.tgz'), 'escape']);
  await applyLayer(root, join(dir, 'l1.tgz'), true);
  await assert.rejects(applyLayer(root, await layer({ 'escape/owned': 'x' }), true));
  assert.deepEqual(readdirSync(outside), []);
  rmSync(root, { recursive: true });
  rmSync(outside, { recursive: true });
});

test('absolute symlink targets keep meaning the image root', async () => {
  const root = rootfs();
  const dir = layerDir();
  mkdirSync(join(dir, 'src/usr/bin'), { recursive: true });
  symlinkSync('/bin/busybox', join(dir, 'src/usr/bin/sh'));
  symlinkSync('../../bin/busybox', join(dir, 'src/usr/bin/rel'));
  execFileSync('tar', ['-C', join(dir, 'src'), '-czf', join(dir, 'l.tgz'), 'usr']);
  await applyLayer(root, join(dir, 'l.tgz'), true);
  assert.equal(readlinkSync(join(root, 'usr/bin/sh')), '/bin/busybox');
  assert.equal(readlinkSync(join(root, 'usr/bin/rel')), '../../bin/busybox');
  rmSync(root, { recursive: true });
});
