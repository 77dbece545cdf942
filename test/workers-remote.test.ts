// A web node and real `gantry worker` child processes talking over HTTP with a shared key:
// registration, `gantry workers`, a refused key, stalled workers, containers and volumes
// through the remote EngineWorker (real runc), resource checks with their version metadata,
// land and prune.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { RemoteLeftovers, RemoteWorkers } from '../src/components/workers';
import type { Build } from '../src/ports/store-rows';
import type { EngineWorker } from '../src/ports/engine-ports';
import { busyboxRootfs } from './testkit/busybox-rootfs';
import { GitRepo } from './testkit/git-repo';
import { makeHome, runGantry, startGantry, type GantryProcess } from './testkit/gantry-cli';
import { startTestWebNode, type TestWebNode } from './testkit/web-node';

const KEY = 'shared-worker-key-for-tests';
const ADMIN = { username: 'admin', password: 'secret' };

async function text(source: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of source) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

/** The file contents of a tar stream, by path. */
async function untar(source: AsyncIterable<Uint8Array>): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-untar-'));
  const files: Record<string, string> = {};
  const parser = new tar.Parser({
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => { if (entry.type === 'File') files[entry.path.replace(/^\.\//, '')] = Buffer.concat(chunks).toString(); });
    },
  });
  for await (const c of source) parser.write(Buffer.from(c));
  await new Promise<void>((resolve) => parser.end(resolve));
  rmSync(dir, { recursive: true, force: true });
  return files;
}

describe('remote workers', { timeout: 180_000 }, () => {
  let web: TestWebNode;
  let home: string;
  let workDir: string;
  let worker: GantryProcess;
  const startWorker = (name: string, dir: string, extra: string[] = [], key = KEY): GantryProcess =>
    startGantry(['worker', '--web-url', web.url, '--worker-key', key, '--name', name, '--work-dir', dir,
      '--heartbeat-interval', '1s', ...extra], { home });
  const gantry = (...args: string[]) => runGantry(['-t', 'w', ...args], { home });

  before(async () => {
    web = await startTestWebNode({ workerKey: KEY, localUsers: [ADMIN], mainTeamUsers: [ADMIN.username] });
    home = makeHome();
    workDir = mkdtempSync(join(tmpdir(), 'gantry-worker-'));
    worker = startWorker('w1', workDir, ['--tag', 'fast']);
    await worker.waitFor(/serving on/);
    const login = await runGantry(['-t', 'w', 'login', '-c', web.url, '-u', ADMIN.username, '-p', ADMIN.password], { home });
    assert.equal(login.code, 0, login.stderr);
  });

  after(async () => {
    await web?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  test('a started worker registers and shows in `gantry workers` with its tags', async () => {
    const r = await gantry('workers');
    assert.equal(r.code, 0, r.stderr);
    const line = r.stdout.split('\n').find((l) => l.startsWith('w1 '));
    assert.ok(line, r.stdout);
    assert.match(line, /\bfast\b/);
    assert.match(line, /\brunning\b/);
    const json = JSON.parse((await gantry('workers', '--json')).stdout) as { name: string; addr: string; state: string }[];
    const w1 = json.find((w) => w.name === 'w1');
    assert.match(w1?.addr ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('a worker with the wrong key is refused and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-worker-bad-'));
    const bad = startWorker('intruder', dir, [], 'not-the-key');
    bad.answer('');
    const r = await bad.done;
    rmSync(dir, { recursive: true, force: true });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /refused the worker key \(401\)/);
    const list = await gantry('workers');
    assert.doesNotMatch(list.stdout, /intruder/);
    const direct = await fetch(`${web.url}/api/v1/workers`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-gantry-worker-key': 'nope' },
      body: JSON.stringify({ name: 'x', addr: 'http://127.0.0.1:1' }),
    });
    assert.equal(direct.status, 401);
  });

  test('the worker refuses requests without the key', async () => {
    const json = JSON.parse((await gantry('workers', '--json')).stdout) as { name: string; addr: string }[];
    const addr = json.find((w) => w.name === 'w1')!.addr;
    assert.equal((await fetch(`${addr}/v1/state`)).status, 401);
    assert.equal((await fetch(`${addr}/v1/state`, { headers: { 'x-gantry-worker-key': 'wrong' } })).status, 401);
    assert.equal((await fetch(`${addr}/v1/state`, { headers: { 'x-gantry-worker-key': KEY } })).status, 200);
  });

  describe('through the remote EngineWorker', () => {
    let remote: RemoteWorkers;
    let w: EngineWorker;
    before(async () => {
      remote = new RemoteWorkers({ store: web.store, key: KEY });
      w = await remote.pool().pick({ tags: ['fast'], purpose: 'task' });
    });

    test('placement: tags must match; untagged steps find no untagged worker', async () => {
      assert.equal(w.name, 'w1');
      await assert.rejects(remote.pool().pick({ purpose: 'task' }), /no workers satisfying: without tags/);
      await assert.rejects(remote.pool().pick({ tags: ['gpu'], purpose: 'task' }), /with tags: gpu/);
    });

    test('a container runs: output streams, the exit code comes back', async () => {
      const c = await w.runtime.create({ rootfs: { path: busyboxRootfs() }, path: 'sh', args: ['-c', 'echo hello; echo oops >&2; exit 3'] });
      await c.start();
      const [out, err, exit] = await Promise.all([text(c.stdout()), text(c.stderr()), c.wait()]);
      assert.equal(out, 'hello\n');
      assert.equal(err, 'oops\n');
      assert.equal(exit.exitCode, 3);
      assert.equal(c.info().state, 'exited');
      await w.runtime.destroy(c.handle, { graceMs: 0 });
      assert.equal(w.runtime.lookup(c.handle), undefined);
    });

    test('a volume is streamed in, used by a task, and streamed out', async () => {
      const src = mkdtempSync(join(tmpdir(), 'gantry-src-'));
      mkdirSync(join(src, 'sub'));
      writeFileSync(join(src, 'sub', 'in.txt'), 'from the web node\n');
      const input = await w.runtime.volumes.create();
      await w.runtime.volumes.streamIn(input.handle, '.', tar.c({ cwd: src }, ['.']) as AsyncIterable<Uint8Array>);
      rmSync(src, { recursive: true, force: true });
      const output = await w.runtime.volumes.create();
      const c = await w.runtime.create({
        rootfs: { path: busyboxRootfs() }, path: 'sh', args: ['-c', 'tr a-z A-Z < /in/sub/in.txt > /out/result.txt'],
        mounts: [{ volume: input.handle, destination: '/in' }, { volume: output.handle, destination: '/out' }],
      });
      await c.start();
      assert.equal((await c.wait()).exitCode, 0);
      await w.runtime.destroy(c.handle);
      const files = await untar(w.runtime.volumes.streamOut(output.handle, '.'));
      assert.equal(files['result.txt'], 'FROM THE WEB NODE\n');
      assert.ok(w.runtime.volumes.list().some((v) => v.handle === output.handle));
      await assert.rejects(text(w.runtime.volumes.streamOut('no-such-volume', '.')), (e: Error & { code?: string }) => e.code === 'not-found');
      await w.runtime.volumes.destroy(input.handle);
      await w.runtime.volumes.destroy(output.handle);
    });

    test('a tar that escapes the volume is refused with unsafe-archive', async () => {
      const vol = await w.runtime.volumes.create();
      const h = new tar.Header({ path: '../escape.txt', type: 'File', size: 1, mode: 0o644, mtime: new Date(0) });
      h.encode();
      const block = Buffer.alloc(512);
      block.write('x');
      const archive = Buffer.concat([h.block!, block, Buffer.alloc(1024)]);
      await assert.rejects(w.runtime.volumes.streamIn(vol.handle, '.', (async function* () { yield archive; })()), (e: Error & { code?: string }) => e.code === 'unsafe-archive');
      await w.runtime.volumes.destroy(vol.handle);
    });

    test('resources run on the worker: mock check and get, output streamed', async () => {
      const versions = await w.resources.check({ type: 'mock', source: { initial_version: 'v7' }, resourceTypes: [], metadata: {} });
      assert.deepEqual(versions, [{ version: 'v7' }]);
      const logged: string[] = [];
      const got = await w.resources.get({
        type: 'mock', source: { log: 'fetching it' }, resourceTypes: [], metadata: {}, version: { version: 'v7' },
        output: (b) => logged.push(Buffer.from(b).toString()),
      });
      assert.deepEqual(got.version, { version: 'v7' });
      assert.ok(w.runtime.volumes.lookup(got.volume), 'the new volume is known without asking');
      const files = await untar(w.runtime.volumes.streamOut(got.volume, '.'));
      assert.equal(files.version?.trim(), 'v7');
      assert.match(logged.join(''), /fetching it/);
      await w.runtime.volumes.destroy(got.volume);
    });

    test('a git check on the worker brings each version\'s commit metadata back', async () => {
      const repo = GitRepo.init();
      try {
        const c1 = repo.commit('first change');
        const c2 = repo.commit('second change');
        const described = new Map<string, Record<string, string>>();
        const versions = await w.resources.check({
          type: 'git', source: { uri: repo.dir, branch: 'main' }, resourceTypes: [], metadata: {}, from: { ref: c1 },
          versionMetadata: (v, m) => described.set(v.ref!, Object.fromEntries(m.map((f) => [f.name, f.value]))),
        });
        assert.deepEqual(versions, [{ ref: c1 }, { ref: c2 }]);
        assert.deepEqual([...described.keys()].sort(), [c1, c2].sort());
        assert.equal(described.get(c2)?.message, 'second change');
        assert.equal(described.get(c1)?.author, 'Ada Author');
        assert.equal(described.get(c1)?.branch, 'main');
      } finally {
        repo.remove();
      }
    });

    test('exec runs a process in a running container (intercept)', async () => {
      const c = await w.runtime.create({ rootfs: { path: busyboxRootfs() }, path: 'sleep', args: ['1000'] });
      await c.start();
      const p = await c.exec({ path: 'sh', args: ['-c', 'read line; echo "got $line"; exit 5'] });
      p.stdin.write('hi there\n');
      p.stdin.end();
      const [out, status] = await Promise.all([text(p.stdout), p.wait()]);
      assert.equal(out, 'got hi there\n');
      assert.equal(status.exitCode, 5);
      await w.runtime.destroy(c.handle, { graceMs: 0 });
    });
    test('what a failed build kept on the worker is removed once its time is up', async () => {
      const c = await w.runtime.create({ rootfs: { path: busyboxRootfs() }, path: 'false' });
      await c.start();
      await c.wait();
      const v = await w.runtime.volumes.create();
      const keeper = new RemoteLeftovers(remote, web.store, { keepFailedMs: 60_000, artifactTtlMs: 60_000 });
      await keeper.afterBuild({ id: -1 } as Build, {
        status: 'failed', artifacts: new Map(),
        retained: { containers: [{ worker: 'w1', handle: c.handle }], volumes: [{ worker: 'w1', volume: v.handle }] },
        cleanup: Promise.resolve(),
      });
      await keeper.sweep();
      const state = async () => (await (await fetch(`${(await web.store.workers.get('w1'))!.address}/v1/state`, { headers: { 'x-gantry-worker-key': KEY } })).json()) as { containers: { handle: string }[]; volumes: { handle: string }[] };
      assert.ok((await state()).containers.some((x) => x.handle === c.handle), 'kept for intercept');
      await keeper.sweep(Date.now() + 61_000);
      const after = await state();
      assert.ok(!after.containers.some((x) => x.handle === c.handle));
      assert.ok(!after.volumes.some((x) => x.handle === v.handle));
    });
  });

  test('a worker that stops heartbeating is stalled, gets no work, and can be pruned', async () => {
    const res = await fetch(`${web.url}/api/v1/workers?ttl=1s`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-gantry-worker-key': KEY },
      body: JSON.stringify({ name: 'ghost', addr: 'http://127.0.0.1:9', tags: ['spooky'], platform: 'linux' }),
    });
    assert.equal(res.status, 200);
    let list = '';
    for (let i = 0; i < 40 && !/not checked in recently/.test(list); i++) {
      await new Promise((r) => setTimeout(r, 500));
      list = (await gantry('workers')).stdout;
    }
    assert.match(list, /the following workers have not checked in recently:\n\nghost /);
    const remote = new RemoteWorkers({ store: web.store, key: KEY });
    await assert.rejects(remote.pool().pick({ tags: ['spooky'], purpose: 'task' }), /no workers satisfying: with tags: spooky/);
    const running = await gantry('prune-worker', '-w', 'w1');
    assert.equal(running.code, 1);
    assert.match(running.stderr, /cannot prune running worker/);
    const pruned = await gantry('prune-worker', '-w', 'ghost');
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.match(pruned.stdout, /pruned 'ghost'/);
    assert.doesNotMatch((await gantry('workers')).stdout, /ghost/);
  });

  test('a landed worker stops; started again it cleans up and registers as running; retired it is gone', async () => {
    const landed = await gantry('land-worker', '-w', 'w1');
    assert.equal(landed.code, 0, landed.stderr);
    assert.match(landed.stdout, /landing 'w1'/);
    worker.answer('');
    const exit = await worker.done;
    assert.equal(exit.code, 0, exit.stderr);
    assert.match(exit.stderr, /landed/);
    assert.match((await gantry('workers')).stdout, /^w1 .*\blanded\b/m);
    worker = startWorker('w1', workDir, ['--tag', 'fast']);
    await worker.waitFor(/serving on/);
    assert.match((await gantry('workers')).stdout, /^w1 .*\brunning\b/m);
    const remote = new RemoteWorkers({ store: web.store, key: KEY });
    const w = await remote.pool().pick({ tags: ['fast'], purpose: 'task' });
    assert.deepEqual(w.runtime.list(), []);
    // Retired (here by the worker key, as `concourse retire-worker` does): it exits and is forgotten.
    const retire = await fetch(`${web.url}/api/v1/workers/w1/retire`, { method: 'PUT', headers: { 'x-gantry-worker-key': KEY } });
    assert.equal(retire.status, 200);
    worker.answer('');
    const retired = await worker.done;
    assert.equal(retired.code, 0, retired.stderr);
    assert.match(retired.stderr, /retired/);
    assert.doesNotMatch((await gantry('workers')).stdout, /^w1 /m);
  });
});
