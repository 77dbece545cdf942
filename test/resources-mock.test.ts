// The built-in `mock` type through the worker's ResourceRunner: every source field and
// param of concourse/mock-resource, with named examples, and a mirrored image that runs
// in a real runc container.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuncRuntime } from '../src/worker';
import { WorkerResourceRunner } from '../src/resources';
import { ResourceError, type BuildMetadata } from '../src/ports/resource-runner';

let workDir: string;
let rt: RuncRuntime;
let runner: WorkerResourceRunner;
const metadata: BuildMetadata = { buildId: 42, buildName: '7', jobName: 'unit', pipelineName: 'main-line', teamName: 'main', externalUrl: 'http://127.0.0.1:8080' };

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'gantry-res-mock-'));
  rt = await RuncRuntime.open({ workDir, graceMs: 1000 });
  runner = new WorkerResourceRunner({ runtime: rt });
});

after(async () => {
  for (const c of rt.list()) await rt.destroy(c.handle, { graceMs: 0 });
  for (const v of rt.volumes.list().filter((v) => v.parent)) await rt.volumes.destroy(v.handle);
  await rt.close();
  rmSync(workDir, { recursive: true, force: true });
});

function sink() {
  const chunks: Buffer[] = [];
  return { output: (c: Uint8Array) => chunks.push(Buffer.from(c)), text: () => Buffer.concat(chunks).toString() };
}

const check = (source: Record<string, unknown>, from?: Record<string, string>, output?: (c: Uint8Array) => void) =>
  runner.check({ type: 'mock', source, ...(from ? { from } : {}), resourceTypes: [], metadata: {}, ...(output ? { output } : {}) });

async function get(source: Record<string, unknown>, params: Record<string, unknown> = {}, opts: { privileged?: boolean; version?: Record<string, string> } = {}) {
  const out = sink();
  const r = await runner.get({ type: 'mock', source, version: opts.version ?? { version: 'v1' }, params, resourceTypes: [], metadata, output: out.output, privileged: opts.privileged ?? false });
  const path = rt.volumes.lookup(r.volume)!.path;
  return { ...r, path, log: out.text(), read: (f: string) => readFileSync(join(path, f), 'utf8') };
}

async function rejectsWith(p: Promise<unknown>, code: string, message: RegExp) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ResourceError, `expected a ResourceError, got ${e}`);
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
}

describe('mock check', () => {
  test('with no version yet it emits the default initial version "mock"', async () => {
    assert.deepEqual(await check({}), [{ version: 'mock' }]);
  });
  test('initial_version replaces the default', async () => {
    assert.deepEqual(await check({ initial_version: 'v0' }), [{ version: 'v0' }]);
  });
  test('no_initial_version emits nothing until a version is given', async () => {
    assert.deepEqual(await check({ no_initial_version: true }), []);
  });
  test('the version given as `from` comes back, so check-resource -f version:foo creates foo', async () => {
    assert.deepEqual(await check({ no_initial_version: true }, { version: 'foo' }), [{ version: 'foo' }]);
  });
  test('force_version wins over `from`', async () => {
    assert.deepEqual(await check({ force_version: 'pinned' }, { version: 'foo' }), [{ version: 'pinned' }]);
  });
  test('check_delay holds the check for the Go duration given', async () => {
    const t0 = Date.now();
    await check({ check_delay: '300ms' });
    assert.ok(Date.now() - t0 >= 290, `took ${Date.now() - t0} ms`);
  });
  test('a malformed check_delay fails with the duration error', async () => {
    await rejectsWith(check({ check_delay: 'soon' }), 'script-failed', /malformed check_delay duration \(soon\)/);
  });
  test('check_failure fails every check with its message on stderr', async () => {
    const out = sink();
    await rejectsWith(check({ check_failure: 'registry down' }, undefined, out.output), 'script-failed',
      /resource script '\/opt\/resource\/check \[\]' failed: exit status 1[\s\S]*intentionally failing to check: registry down/);
    assert.match(out.text(), /intentionally failing to check: registry down/);
  });
  test('log prints its message on every action', async () => {
    const out = sink();
    await check({ log: 'hello from mock' }, undefined, out.output);
    assert.match(out.text(), /hello from mock/);
  });
  test('an unknown source field is refused as the Go decoder does', async () => {
    await rejectsWith(check({ initial_versoin: 'x' }), 'script-failed', /invalid payload: json: unknown field "initial_versoin"/);
  });
  test('a version with fields mock does not know is refused', async () => {
    await rejectsWith(check({}, { ref: 'abc' }), 'script-failed', /unknown field "ref"/);
  });
  test('abort ends a delayed check at once with code aborted', async () => {
    const ac = new AbortController();
    const t0 = Date.now();
    setTimeout(() => ac.abort(), 50);
    await rejectsWith(runner.check({ type: 'mock', source: { check_delay: '10s' }, resourceTypes: [], metadata: {}, signal: ac.signal }), 'aborted', /interrupted/);
    assert.ok(Date.now() - t0 < 2000);
  });
  test('check_timeout ends a slow check with code timeout', async () => {
    await rejectsWith(runner.check({ type: 'mock', source: { check_delay: '10s' }, resourceTypes: [], metadata: {}, timeoutMs: 100 }), 'timeout', /timed out/);
  });
});

describe('mock get', () => {
  test('writes the version and privileged files and returns the metadata', async () => {
    const r = await get({ metadata: [{ name: 'commit', value: 'abc' }] });
    assert.equal(r.read('version'), 'v1\n');
    assert.equal(r.read('privileged'), 'false\n');
    assert.deepEqual(r.version, { version: 'v1' });
    assert.deepEqual(r.metadata, [{ name: 'commit', value: 'abc' }]);
    assert.match(r.log, /fetching version: v1/);
  });
  test('a privileged get says so in its privileged file', async () => {
    const r = await get({}, {}, { privileged: true });
    assert.equal(r.read('privileged'), 'true\n');
  });
  test('create_files writes strings as they are and other values as JSON, START_VAR/END_VAR as (( ))', async () => {
    const r = await get({ create_files: { 'a.txt': 'plain\n', 'nested/b.json': { k: [1, 2] }, 'c.yml': 'v: START_VARnameEND_VAR' } });
    assert.equal(r.read('a.txt'), 'plain\n');
    assert.equal(r.read('nested/b.json'), '{"k":[1,2]}');
    assert.equal(r.read('c.yml'), 'v: ((name))');
  });
  test('create_files_via_params adds files and replaces same-named ones from source', async () => {
    const r = await get({ create_files: { 'a.txt': 'from source', 'keep.txt': 'kept' } }, { create_files_via_params: { 'a.txt': 'from params' } });
    assert.equal(r.read('a.txt'), 'from params');
    assert.equal(r.read('keep.txt'), 'kept');
  });
  test('a created file may not escape the volume', async () => {
    await rejectsWith(get({ create_files: { '../../escape': 'x' } }), 'script-failed', /escapes the destination/);
  });
  test('without mirroring there is no rootfs', async () => {
    const r = await get({});
    assert.throws(() => lstatSync(join(r.path, 'rootfs')));
  });
  for (const [name, source, params] of [
    ['mirror_self', { mirror_self: true }, {}],
    ['mirror_self_via_params', {}, { mirror_self_via_params: true }],
  ] as const) {
    test(`${name} writes a busybox rootfs and metadata.json`, async () => {
      const r = await get(source, params);
      assert.ok(lstatSync(join(r.path, 'rootfs/bin/busybox')).isFile());
      assert.ok(lstatSync(join(r.path, 'rootfs/bin/sh')).isSymbolicLink());
      assert.deepEqual(JSON.parse(r.read('metadata.json')), { env: ['MIRRORED_VERSION=v1'], user: 'root' });
    });
  }
});

describe('mock put', () => {
  async function input(files: Record<string, string>) {
    const v = await rt.volumes.create();
    for (const [f, content] of Object.entries(files)) writeFileSync(join(v.path, f), content);
    return v;
  }
  const put = (source: Record<string, unknown>, params: Record<string, unknown>, inputs: Record<string, string> = {}, output?: (c: Uint8Array) => void) =>
    runner.put({ type: 'mock', source, params, inputs, resourceTypes: [], metadata, ...(output ? { output } : {}) });

  test('params.version is the new version; source metadata comes back', async () => {
    const r = await put({ metadata: [{ name: 'by', value: 'put' }] }, { version: 'v2' });
    assert.deepEqual(r, { version: { version: 'v2' }, metadata: [{ name: 'by', value: 'put' }] });
  });
  test('params.file reads the version from an input, verbatim', async () => {
    const v = await input({ 'number': '1.2.3\n' });
    const r = await put({}, { file: 'built/number' }, { built: v.handle });
    assert.deepEqual(r.version, { version: '1.2.3\n' });
  });
  test('a file reached through a symlink in the input is refused', async () => {
    const v = await input({});
    symlinkSync('/etc/hostname', join(v.path, 'number'));
    await rejectsWith(put({}, { file: 'built/number' }, { built: v.handle }), 'script-failed', /refusing to follow the symlink/);
  });
  test('a file outside the inputs is refused', async () => {
    await rejectsWith(put({}, { file: '../etc/passwd' }), 'script-failed', /climbs out/);
  });
  test('without version or file it fails with "no version specified"', async () => {
    await rejectsWith(put({}, {}), 'script-failed', /no version specified/);
  });
  test('print_env prints the build metadata env', async () => {
    const out = sink();
    await put({}, { version: 'v3', print_env: true }, {}, out.output);
    const log = out.text();
    for (const line of ['BUILD_ID=42', 'BUILD_NAME=7', 'BUILD_JOB_NAME=unit', 'BUILD_PIPELINE_NAME=main-line', 'BUILD_TEAM_NAME=main',
      'ATC_EXTERNAL_URL=http://127.0.0.1:8080', 'BUILD_URL=http://127.0.0.1:8080/teams/main/pipelines/main-line/jobs/unit/builds/7']) {
      assert.match(log, new RegExp(`env: ${line.replace(/[.?/]/g, '\\$&')}\\n`));
    }
    assert.match(log, /pushing version: v3/);
  });
  test('a put params field mock does not know is refused', async () => {
    await rejectsWith(put({}, { version: 'v', bump: 'minor' }), 'script-failed', /unknown field "bump"/);
  });
});

describe('mock as an image', () => {
  test('image_resource {type: mock, source: {mirror_self: true}} runs in runc and is cached by version', async () => {
    const first = await runner.fetchImage({ type: 'mock', source: { mirror_self: true } }, { resourceTypes: [], metadata });
    assert.equal(first.cached, false);
    assert.deepEqual(first.version, { version: 'mock' });
    assert.equal(first.env.MIRRORED_VERSION, 'mock');
    const c = await rt.create({ rootfs: first.rootfs, path: 'sh', args: ['-c', 'echo "$MIRRORED_VERSION from $(busybox | head -1 | cut -d" " -f1)"'], env: first.env });
    await c.start();
    const chunks: Buffer[] = [];
    for await (const ch of c.stdout()) chunks.push(Buffer.from(ch));
    assert.equal((await c.wait()).exitCode, 0);
    await rt.destroy(c.handle);
    assert.equal(Buffer.concat(chunks).toString(), 'mock from BusyBox\n');
    const second = await runner.fetchImage({ type: 'mock', source: { mirror_self: true } }, { resourceTypes: [], metadata });
    assert.equal(second.cached, true);
    assert.deepEqual(second.rootfs, first.rootfs);
    const other = await runner.fetchImage({ type: 'mock', source: { mirror_self: true, initial_version: 'v9' } }, { resourceTypes: [], metadata });
    assert.equal(other.cached, false);
    assert.notDeepEqual(other.rootfs, first.rootfs);
    assert.equal(other.env.MIRRORED_VERSION, 'v9');
  });
  test('a pinned image version is fetched without a check', async () => {
    const img = await runner.fetchImage({ type: 'mock', source: { mirror_self: true, check_failure: 'never checked' }, version: { version: 'pinned' } }, { resourceTypes: [], metadata });
    assert.equal(img.env.MIRRORED_VERSION, 'pinned');
  });
  test('an image type whose check finds nothing fails with no-versions', async () => {
    await rejectsWith(runner.fetchImage({ type: 'mock', source: { mirror_self: true, no_initial_version: true } }, { resourceTypes: [], metadata }), 'no-versions', /no versions/);
  });
  test('an unknown type fails with unknown-type', async () => {
    await rejectsWith(runner.fetchImage({ type: 'nope', source: {} }, { resourceTypes: [], metadata }), 'unknown-type', /unknown resource type "nope"/);
  });
});

describe('mock as a resource type (mirror_self), as Concourse\'s tests use it', () => {
  const types = [
    { name: 'mock-type', type: 'mock', source: { mirror_self: true, initial_version: 'img-1' } },
    { name: 'privileged-mock', type: 'mock', source: { mirror_self: true }, privileged: true },
  ];
  test('a resource of that type behaves as mock, its initial version being the image version', async () => {
    assert.deepEqual(await runner.check({ type: 'mock-type', source: {}, resourceTypes: types, metadata: {} }), [{ version: 'img-1' }]);
    assert.deepEqual(await runner.check({ type: 'mock-type', source: { initial_version: 'own' }, resourceTypes: types, metadata: {} }), [{ version: 'own' }]);
    const r = await runner.get({ type: 'mock-type', source: { create_files: { f: 'x' } }, version: { version: 'g1' }, resourceTypes: types, metadata: {} });
    assert.equal(readFileSync(join(rt.volumes.lookup(r.volume)!.path, 'f'), 'utf8'), 'x');
    assert.deepEqual((await runner.put({ type: 'mock-type', source: {}, params: { version: 'p1' }, inputs: {}, resourceTypes: types, metadata: {} })).version, { version: 'p1' });
  });
  test('a privileged type reports privileged versions', async () => {
    assert.deepEqual(await runner.check({ type: 'privileged-mock', source: {}, resourceTypes: types, metadata: {} }), [{ version: 'mock', privileged: 'true' }]);
  });
  test('two tasks asking for one new image at once share one fetch', async () => {
    const image = { type: 'mock', source: { mirror_self: true, initial_version: 'shared' } };
    const [a, b] = await Promise.all([
      runner.fetchImage(image, { resourceTypes: [], metadata }),
      runner.fetchImage(image, { resourceTypes: [], metadata }),
    ]);
    assert.deepEqual(a.rootfs, b.rootfs);
    assert.deepEqual([a.cached, b.cached], [false, false], 'both got the one fresh fetch');
    assert.ok(existsSync(join((a.rootfs as { path: string }).path, 'bin/busybox')));
    assert.equal((await runner.fetchImage(image, { resourceTypes: [], metadata })).cached, true);
  });
});

describe('the image cache across a worker restart', () => {
  const image = { type: 'mock', source: { mirror_self: true, initial_version: 'restart' } };
  test('an image fetched before the restart is reused after it', async () => {
    const first = await runner.fetchImage(image, { resourceTypes: [], metadata });
    assert.equal(first.cached, false);
    await rt.close();
    rt = await RuncRuntime.open({ workDir, graceMs: 1000 });
    runner = new WorkerResourceRunner({ runtime: rt });
    const again = await runner.fetchImage(image, { resourceTypes: [], metadata });
    assert.equal(again.cached, true);
    assert.deepEqual(again.rootfs, first.rootfs);
    assert.equal(again.env.MIRRORED_VERSION, 'restart');
  });
  test('a fetch a crash left unfinished (no completion marker) is fetched again', async () => {
    const img = await runner.fetchImage(image, { resourceTypes: [], metadata });
    const volume = join((img.rootfs as { path: string }).path, '..');
    rmSync(join(volume, '.gantry-image.json'));
    rmSync(join(volume, 'rootfs/bin/busybox'));
    const again = await runner.fetchImage(image, { resourceTypes: [], metadata });
    assert.equal(again.cached, false);
    assert.ok(existsSync(join((again.rootfs as { path: string }).path, 'bin/busybox')));
  });
});

