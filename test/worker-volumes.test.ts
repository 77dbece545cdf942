// Volumes against the real filesystem and overlayfs: copy-on-write children, tar in and
// out, hostile archives, and a container writing into a copy of its input.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { RuncRuntime } from '../src/worker';
import { busyboxRootfs } from './testkit/busybox-rootfs';

let workDir: string;
let rt: RuncRuntime;

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'gantry-volumes-'));
  rt = await RuncRuntime.open({ workDir, graceMs: 1000 });
});

after(async () => {
  for (const c of rt.list()) await rt.destroy(c.handle, { graceMs: 0 });
  // Children first: a parent with a copy-on-write child refuses to go.
  while (rt.volumes.list().length) {
    const parents = new Set(rt.volumes.list().map((v) => v.parent));
    for (const v of rt.volumes.list().filter((x) => !parents.has(x.handle))) await rt.volumes.destroy(v.handle);
  }
  await rt.close();
  rmSync(workDir, { recursive: true, force: true });
});

/** A tar archive written byte by byte, so it can hold what well-behaved tools refuse to. */
function rawTar(entries: { path: string; type?: 'File' | 'SymbolicLink' | 'Link' | 'Directory'; body?: string; linkpath?: string }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const h = new tar.Header({
      path: e.path, type: e.type ?? 'File', mode: 0o644, size: e.type && e.type !== 'File' ? 0 : body.length,
      linkpath: e.linkpath ?? '', mtime: new Date(0), uid: 0, gid: 0,
    });
    const header = Buffer.alloc(512);
    h.encode(header, 0);
    blocks.push(header);
    if ((e.type ?? 'File') === 'File' && body.length) {
      blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

async function* once(buf: Buffer): AsyncIterable<Uint8Array> { yield buf; }

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

describe('copy-on-write children', { timeout: 60_000 }, () => {
  test('a child starts with the parent content and its writes never reach the parent', async () => {
    const parent = await rt.volumes.create({ properties: { kind: 'get' } });
    writeFileSync(join(parent.path, 'version'), 'v1');
    const child = await rt.volumes.createChild(parent.handle);
    assert.equal(readFileSync(join(child.path, 'version'), 'utf8'), 'v1');
    writeFileSync(join(child.path, 'version'), 'changed');
    writeFileSync(join(child.path, 'new'), 'x');
    assert.equal(readFileSync(join(parent.path, 'version'), 'utf8'), 'v1');
    assert.equal(existsSync(join(parent.path, 'new')), false);

    const grandchild = await rt.volumes.createChild(child.handle);
    assert.equal(readFileSync(join(grandchild.path, 'version'), 'utf8'), 'changed');
    rmSync(join(grandchild.path, 'new'));
    assert.equal(existsSync(join(child.path, 'new')), true);

    await assert.rejects(rt.volumes.destroy(parent.handle), { code: 'invalid-state' });
    await rt.volumes.destroy(grandchild.handle);
    await rt.volumes.destroy(child.handle);
    await rt.volumes.destroy(parent.handle);
    assert.equal(rt.volumes.lookup(parent.handle), undefined);
  });

  test('a task writing into its copy of an input leaves the cached input unchanged', async () => {
    const cached = await rt.volumes.create();
    writeFileSync(join(cached.path, 'data.txt'), 'original');
    const copy = await rt.volumes.createChild(cached.handle);
    const c = await rt.create({
      rootfs: { path: busyboxRootfs() }, path: 'sh', args: ['-c', 'echo modified > /tmp/build/in/data.txt; cat /tmp/build/in/data.txt'],
      mounts: [{ volume: copy.handle, destination: '/tmp/build/in' }],
    });
    await c.start();
    assert.deepEqual(await c.wait(), { exitCode: 0 });
    assert.equal(readFileSync(join(copy.path, 'data.txt'), 'utf8'), 'modified\n');
    assert.equal(readFileSync(join(cached.path, 'data.txt'), 'utf8'), 'original');
    await rt.destroy(c.handle);
  });

  test('a copyOnWrite mount lets the task write without a child volume and without touching the source', async () => {
    const cached = await rt.volumes.create();
    writeFileSync(join(cached.path, 'data.txt'), 'original');
    const c = await rt.create({
      rootfs: { path: busyboxRootfs() }, path: 'sh',
      args: ['-c', 'cat /in/data.txt; echo; echo modified > /in/data.txt; touch /in/new; cat /in/data.txt'],
      mounts: [{ volume: cached.handle, destination: '/in', copyOnWrite: true }],
    });
    await c.start();
    const [out, exit] = await Promise.all([collect(c.stdout()), c.wait()]);
    assert.deepEqual(exit, { exitCode: 0 });
    assert.equal(out.toString(), 'original\nmodified\n');
    assert.equal(readFileSync(join(cached.path, 'data.txt'), 'utf8'), 'original');
    assert.equal(existsSync(join(cached.path, 'new')), false);
    await rt.destroy(c.handle);
  });

  test('a non-root task owns its writable mounts; read-only ones and the copy-on-write source keep their owners', async () => {
    const [plain, cached, shared] = [await rt.volumes.create(), await rt.volumes.create(), await rt.volumes.create()];
    writeFileSync(join(cached.path, 'data.txt'), 'original');
    writeFileSync(join(shared.path, 'ro.txt'), 'ro');
    const c = await rt.create({
      rootfs: { path: busyboxRootfs() }, path: 'sh', user: '1000:1000',
      args: ['-ec', 'echo p > /plain/f; touch /cow/new; stat -c %u /plain /cow; test ! -w /shared'],
      mounts: [
        { volume: plain.handle, destination: '/plain' },
        { volume: cached.handle, destination: '/cow', copyOnWrite: true },
        { volume: shared.handle, destination: '/shared', readOnly: true },
      ],
    });
    await c.start();
    const [out, exit] = await Promise.all([collect(c.stdout()), c.wait()]);
    assert.deepEqual(exit, { exitCode: 0 });
    assert.equal(out.toString(), '1000\n1000\n');
    assert.equal(statSync(join(plain.path, 'f')).uid, 1000);
    assert.equal(statSync(cached.path).uid, 0);
    assert.equal(statSync(join(shared.path, 'ro.txt')).uid, 0);
    await rt.destroy(c.handle);
  });

  test('a read-only mount cannot be written by the task', async () => {
    const v = await rt.volumes.create();
    const c = await rt.create({
      rootfs: { path: busyboxRootfs() }, path: 'sh', args: ['-c', 'echo x > /in/f'],
      mounts: [{ volume: v.handle, destination: '/in', readOnly: true }],
    });
    await c.start();
    assert.notEqual((await c.wait()).exitCode, 0);
    assert.equal(existsSync(join(v.path, 'f')), false);
    await rt.destroy(c.handle);
  });

  test('a container whose rootfs is a volume writes into its own layer', async () => {
    const image = await rt.volumes.create();
    await rt.volumes.streamIn(image.handle, '.', tar.c({ cwd: busyboxRootfs() }, ['.']) as AsyncIterable<Uint8Array>);
    const c = await rt.create({ rootfs: { volume: image.handle }, path: 'sh', args: ['-c', 'echo hi > /etc/motd; cat /etc/motd'] });
    await c.start();
    const [out] = await Promise.all([collect(c.stdout()), c.wait()]);
    assert.equal(out.toString(), 'hi\n');
    assert.equal(existsSync(join(image.path, 'etc/motd')), false);
    await rt.destroy(c.handle);
  });
});

describe('tar in and out', { timeout: 60_000 }, () => {
  test('a directory round-trips through tar with modes and symlinks', async () => {
    const src = mkdtempSync(join(tmpdir(), 'gantry-src-'));
    mkdirSync(join(src, 'sub'));
    writeFileSync(join(src, 'sub/run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    symlinkSync('sub/run.sh', join(src, 'link'));
    const v = await rt.volumes.create();
    await rt.volumes.streamIn(v.handle, 'inputs/repo', tar.c({ cwd: src }, ['.']) as AsyncIterable<Uint8Array>);
    assert.equal(readlinkSync(join(v.path, 'inputs/repo/link')), 'sub/run.sh');

    const out = mkdtempSync(join(tmpdir(), 'gantry-out-'));
    const archive = await collect(rt.volumes.streamOut(v.handle, 'inputs/repo'));
    await new Promise<void>((res, rej) => {
      const x = tar.x({ cwd: out });
      x.on('finish', res).on('error', rej);
      x.end(archive);
    });
    assert.equal(readFileSync(join(out, 'sub/run.sh'), 'utf8'), '#!/bin/sh\n');
    const single = await collect(rt.volumes.streamOut(v.handle, 'inputs/repo/sub/run.sh'));
    assert.ok(single.includes(Buffer.from('run.sh')));
    rmSync(src, { recursive: true });
    rmSync(out, { recursive: true });
  });

  const hostile: [string, Parameters<typeof rawTar>[0], RegExp][] = [
    ['a ../ path', [{ path: '../x', body: 'evil' }], /contains "\.\."/],
    ['an absolute path', [{ path: '/abs', body: 'evil' }], /absolute path "\/abs"/],
    ['an escaping symlink', [{ path: 'up', type: 'SymbolicLink', linkpath: '../../../../etc' }], /symlink "up" points outside/],
    ['a write through a symlink', [
      { path: 'etc', type: 'SymbolicLink', linkpath: '/etc' }, { path: 'etc/gantry-evil', body: 'x' }], /goes through the symlink "etc"/],
    ['an escaping hard link', [{ path: 'h', type: 'Link', linkpath: '../../etc/passwd' }], /hard link "h"/],
  ];
  for (const [name, entries, message] of hostile) {
    test(`tar with ${name} is rejected with a clear error`, async () => {
      const v = await rt.volumes.create();
      await assert.rejects(rt.volumes.streamIn(v.handle, 'in', once(rawTar(entries))),
        (e: Error & { code?: string }) => e.code === 'unsafe-archive' && message.test(e.message));
      assert.equal(existsSync('/etc/gantry-evil'), false);
      assert.equal(existsSync(join(v.path, '..', 'x')), false);
    });
  }

  test('an existing symlink in the volume is not followed by a later archive', async () => {
    const v = await rt.volumes.create();
    const outside = mkdtempSync(join(tmpdir(), 'gantry-outside-'));
    symlinkSync(outside, join(v.path, 'escape'));
    await assert.rejects(rt.volumes.streamIn(v.handle, '.', once(rawTar([{ path: 'escape/f', body: 'x' }]))),
      { code: 'unsafe-archive' });
    await assert.rejects(rt.volumes.streamIn(v.handle, 'escape', once(rawTar([{ path: 'f', body: 'x' }]))),
      { code: 'unsafe-archive' });
    assert.throws(() => rt.volumes.streamOut(v.handle, 'escape'), { code: 'unsafe-archive' });
    assert.equal(existsSync(join(outside, 'f')), false);
    rmSync(outside, { recursive: true });
  });
});

describe('a handle used again', { timeout: 60_000 }, () => {
  test('a new volume of a handle waits for that handle\'s removal still under way', async () => {
    const first = await rt.volumes.create({ handle: 'image-again' });
    for (let i = 0; i < 200; i++) writeFileSync(join(first.path, `f${i}`), 'x'.repeat(1000));
    const removal = rt.volumes.destroy('image-again'); // not awaited: the image cache's case
    const second = await rt.volumes.create({ handle: 'image-again' });
    await removal;
    assert.equal(existsSync(join(second.path, 'f0')), false, 'an empty volume, not the old content');
    await rt.volumes.destroy('image-again');
  });

  test('a directory a failed removal left does not block a new volume of that handle', async () => {
    // As an image fetch left it when aborted while still writing: the dir without a volume.
    const left = join(workDir, 'volumes', 'image-leftover', 'data');
    mkdirSync(left, { recursive: true });
    writeFileSync(join(left, 'half-written'), 'x');
    const v = await rt.volumes.create({ handle: 'image-leftover' });
    assert.equal(existsSync(join(v.path, 'half-written')), false);
    await assert.rejects(rt.volumes.create({ handle: 'image-leftover' }), /volume image-leftover already exists/, 'a live volume still refuses a second');
    await rt.volumes.destroy('image-leftover');
  });
});
