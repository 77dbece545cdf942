// The built-in `registry-image` type against a real registry (docker-registry on
// loopback) with images built from busybox: check tag → digest and semver tags, get into
// rootfs/ + metadata.json with whiteouts applied (the result runs in runc), format: oci,
// digest mismatches refused, and put of OCI tarballs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuncRuntime } from '../src/worker';
import { WorkerResourceRunner } from '../src/resources';
import { ResourceError } from '../src/ports/resource-runner';
import type { RootfsSource } from '../src/ports/worker-runtime';
import { buildBusyboxImage, layoutTarball, pushImage } from './testkit/oci-image';
import { startAuthRegistry, testRegistry, testRegistryStorage } from './testkit/registry';

let workDir: string;
let rt: RuncRuntime;
let runner: WorkerResourceRunner;
let registry: string;
let base: string;      // busybox with env and user
let patched: string;   // base + a layer deleting /etc/group and /var, adding /etc/motd

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'gantry-res-reg-'));
  rt = await RuncRuntime.open({ workDir, graceMs: 1000 });
  runner = new WorkerResourceRunner({ runtime: rt });
  registry = await testRegistry();
  base = buildBusyboxImage({ env: ['PATH=/bin', 'GREETING=hello from the image'], user: 'gantry' });
  patched = buildBusyboxImage({
    layers: [(r) => {
      rmSync(join(r, 'etc/group'));
      rmSync(join(r, 'var'), { recursive: true });
      writeFileSync(join(r, 'etc/motd'), 'patched\n');
    }],
  });
  pushImage(base, registry, 'gantry/busybox', 'latest');
  pushImage(base, registry, 'gantry/busybox', '1.0.0');
  pushImage(patched, registry, 'gantry/busybox', '1.1.0');
  pushImage(patched, registry, 'gantry/busybox', '1.1');
  pushImage(patched, registry, 'gantry/patched', 'latest');
});

after(async () => {
  for (const c of rt.list()) await rt.destroy(c.handle, { graceMs: 0 });
  await rt.close();
  rmSync(workDir, { recursive: true, force: true });
});

async function registryDigest(name: string, tag: string): Promise<string> {
  const res = await fetch(`http://${registry}/v2/${name}/manifests/${tag}`, {
    method: 'HEAD', headers: { accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' },
  });
  assert.equal(res.status, 200);
  return res.headers.get('docker-content-digest')!;
}

const check = (source: Record<string, unknown>, from?: Record<string, string>) =>
  runner.check({ type: 'registry-image', source, ...(from ? { from } : {}), resourceTypes: [], metadata: {} });

async function get(source: Record<string, unknown>, version: Record<string, string>, params: Record<string, unknown> = {}) {
  const r = await runner.get({ type: 'registry-image', source, version, params, resourceTypes: [], metadata: {} });
  return { ...r, path: rt.volumes.lookup(r.volume)!.path };
}

async function runIn(rootfs: RootfsSource, script: string, opts: { user?: string; env?: Record<string, string> } = {}): Promise<string> {
  const c = await rt.create({ rootfs, path: 'sh', args: ['-c', script], ...opts });
  await c.start();
  const chunks: Buffer[] = [];
  for await (const ch of c.stdout()) chunks.push(Buffer.from(ch));
  const exit = await c.wait();
  await rt.destroy(c.handle);
  assert.equal(exit.exitCode, 0);
  return Buffer.concat(chunks).toString();
}

describe('registry-image check', () => {
  test('with a tag it reports the digest the registry has for it', async () => {
    const versions = await check({ repository: `${registry}/gantry/busybox`, tag: 'latest' });
    assert.deepEqual(versions, [{ tag: 'latest', digest: await registryDigest('gantry/busybox', 'latest') }]);
  });
  test('a tag that does not exist gives no versions', async () => {
    assert.deepEqual(await check({ repository: `${registry}/gantry/busybox`, tag: 'nope' }), []);
  });
  test('without a tag it lists semver tags in order, one per digest, the most specific tag winning', async () => {
    const versions = await check({ repository: `${registry}/gantry/busybox` });
    assert.deepEqual(versions, [
      { tag: '1.0.0', digest: await registryDigest('gantry/busybox', '1.0.0') },
      { tag: '1.1.0', digest: await registryDigest('gantry/busybox', '1.1.0') },
    ]);
  });
  test('from a known version it returns that version and newer ones', async () => {
    const all = await check({ repository: `${registry}/gantry/busybox` });
    assert.deepEqual(await check({ repository: `${registry}/gantry/busybox` }, all[1]), [all[1]]);
  });
  test('a missing repository field is an error saying so', async () => {
    await assert.rejects(check({ tag: 'latest' }), (e: unknown) => e instanceof ResourceError && /repository is required/.test(e.message));
  });
});

describe('registry-image get', () => {
  test('unpacks the layers into rootfs/ with whiteouts applied, and writes metadata.json from the config', async () => {
    const [version] = await check({ repository: `${registry}/gantry/patched` });
    const r = await get({ repository: `${registry}/gantry/patched` }, version!);
    assert.equal(readFileSync(join(r.path, 'rootfs/etc/motd'), 'utf8'), 'patched\n');
    assert.equal(existsSync(join(r.path, 'rootfs/etc/group')), false, 'whiteout of a file');
    assert.equal(existsSync(join(r.path, 'rootfs/var')), false, 'whiteout of a directory');
    assert.equal(readdirSync(join(r.path, 'rootfs/etc')).some((f) => f.startsWith('.wh.')), false, 'no whiteout markers left');
    assert.ok(existsSync(join(r.path, 'rootfs/etc/passwd')));
    assert.equal(readFileSync(join(r.path, 'digest'), 'utf8'), version!.digest);
    assert.equal(readFileSync(join(r.path, 'tag'), 'utf8'), 'latest');
    assert.equal(readFileSync(join(r.path, 'repository'), 'utf8'), `${registry}/gantry/patched`);
    assert.deepEqual(r.metadata, [{ name: 'repository', value: `${registry}/gantry/patched` }, { name: 'tag', value: 'latest' }]);
  });

  test('as an image_resource the rootfs runs in runc with the config env and user, and is fetched once', async () => {
    const image = { type: 'registry-image', source: { repository: `${registry}/gantry/busybox`, tag: 'latest' } };
    const first = await runner.fetchImage(image, { resourceTypes: [], metadata: {} });
    assert.equal(first.cached, false);
    assert.deepEqual(first.env, { PATH: '/bin', GREETING: 'hello from the image' });
    assert.equal(first.user, 'gantry');
    const out = await runIn(first.rootfs, 'id -un; echo "$GREETING"', { user: first.user, env: first.env });
    assert.equal(out, 'gantry\nhello from the image\n');
    assert.equal(await runIn(first.rootfs, 'cat /etc/group | head -1'), 'root:x:0:\n');
    const t0 = Date.now();
    const second = await runner.fetchImage(image, { resourceTypes: [], metadata: {} });
    assert.equal(second.cached, true);
    assert.deepEqual(second.rootfs, first.rootfs);
    assert.ok(Date.now() - t0 < 500, 'a cached image costs a check, not a download');
  });

  test('a Docker v2 schema 2 image is fetched like an OCI one', async () => {
    pushImage(patched, registry, 'gantry/docker-format', 'latest', undefined, 'v2s2');
    const manifest = await fetch(`http://${registry}/v2/gantry/docker-format/manifests/latest`, {
      headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    });
    assert.equal(manifest.headers.get('content-type'), 'application/vnd.docker.distribution.manifest.v2+json');
    const [version] = await check({ repository: `${registry}/gantry/docker-format` });
    const r = await get({ repository: `${registry}/gantry/docker-format` }, version!);
    assert.equal(readFileSync(join(r.path, 'rootfs/etc/motd'), 'utf8'), 'patched\n');
    assert.equal(existsSync(join(r.path, 'rootfs/etc/group')), false);
  });

  test('an image index resolves to linux/amd64, or to the platform asked for', async () => {
    const entry = async (name: string, tag: string, architecture: string) => {
      const res = await fetch(`http://${registry}/v2/${name}/manifests/${tag}`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
      const bytes = Buffer.from(await res.arrayBuffer());
      return { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: res.headers.get('docker-content-digest'), size: bytes.length, platform: { os: 'linux', architecture } };
    };
    // Both images must live in the repository the index is pushed to.
    pushImage(base, registry, 'gantry/multi', 'amd');
    pushImage(patched, registry, 'gantry/multi', 'arm');
    const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [await entry('gantry/multi', 'arm', 'arm64'), await entry('gantry/multi', 'amd', 'amd64')] };
    const put = await fetch(`http://${registry}/v2/gantry/multi/manifests/latest`, {
      method: 'PUT', headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' }, body: JSON.stringify(index),
    });
    assert.equal(put.status, 201);
    const [version] = await check({ repository: `${registry}/gantry/multi`, tag: 'latest' });
    assert.equal(version!.digest, put.headers.get('docker-content-digest'));
    const amd = await get({ repository: `${registry}/gantry/multi`, tag: 'latest' }, version!);
    assert.equal(existsSync(join(amd.path, 'rootfs/etc/motd')), false, 'amd64 is the base image');
    const arm = await get({ repository: `${registry}/gantry/multi`, tag: 'latest' }, version!, { platform: { architecture: 'arm64' } });
    assert.equal(readFileSync(join(arm.path, 'rootfs/etc/motd'), 'utf8'), 'patched\n');
    await assert.rejects(get({ repository: `${registry}/gantry/multi`, tag: 'latest' }, version!, { platform: { architecture: 's390x' } }),
      (e: unknown) => e instanceof ResourceError && /no image for linux\/s390x/.test(e.message));
  });

  test('label_regex and annotation_regex turn matching labels and annotations into metadata', async () => {
    const labelled = buildBusyboxImage({
      labels: { 'org.opencontainers.image.version': '1.2.3', 'org.opencontainers.image.title': 'box', 'maintainer': 'me' },
      annotations: { 'com.example.git-sha': 'abc123', 'other': 'x' },
    });
    pushImage(labelled, registry, 'gantry/labelled', 'latest');
    const source = { repository: `${registry}/gantry/labelled`, tag: 'latest', label_regex: '^org\\.opencontainers\\.', annotation_regex: '^com\\.example\\.' };
    const [version] = await check(source);
    const r = await get(source, version!);
    assert.deepEqual(r.metadata, [
      { name: 'repository', value: `${registry}/gantry/labelled` }, { name: 'tag', value: 'latest' },
      { name: 'org.opencontainers.image.title', value: 'box' }, { name: 'org.opencontainers.image.version', value: '1.2.3' },
      { name: 'com.example.git-sha', value: 'abc123' },
    ]);
    assert.equal(JSON.parse(readFileSync(join(r.path, 'labels.json'), 'utf8')).maintainer, 'me');
  });

  test('format: oci writes image.tar instead of a rootfs', async () => {
    const [version] = await check({ repository: `${registry}/gantry/busybox`, tag: 'latest' });
    const r = await get({ repository: `${registry}/gantry/busybox`, tag: 'latest' }, version!, { format: 'oci' });
    assert.ok(existsSync(join(r.path, 'image.tar')));
    assert.equal(existsSync(join(r.path, 'rootfs')), false);
  });

  test('skip_download writes only the reference files', async () => {
    const [version] = await check({ repository: `${registry}/gantry/busybox`, tag: 'latest' });
    const r = await get({ repository: `${registry}/gantry/busybox`, tag: 'latest' }, version!, { skip_download: true });
    assert.deepEqual(readdirSync(r.path).sort(), ['digest', 'repository', 'tag']);
  });

  test('a layer whose content does not match its digest is refused and nothing is kept', async () => {
    const tampered = buildBusyboxImage({ layers: [(r) => writeFileSync(join(r, 'etc/tampered'), 'original\n')] });
    pushImage(tampered, registry, 'gantry/tampered', 'latest');
    const [version] = await check({ repository: `${registry}/gantry/tampered`, tag: 'latest' });
    const manifest = await (await fetch(`http://${registry}/v2/gantry/tampered/manifests/${version!.digest}`, {
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
    })).json() as { layers: { digest: string }[] };
    const layer = manifest.layers.at(-1)!.digest.split(':')[1]!;
    const blob = join(await testRegistryStorage(), 'docker/registry/v2/blobs/sha256', layer.slice(0, 2), layer, 'data');
    const bytes = readFileSync(blob);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(blob, bytes);
    const before = rt.volumes.list().length;
    await assert.rejects(get({ repository: `${registry}/gantry/tampered` }, version!), (e: unknown) => {
      assert.ok(e instanceof ResourceError);
      assert.equal(e.code, 'script-failed');
      assert.match(e.message, new RegExp(`digest mismatch: layer sha256:${layer} has content with digest sha256:`));
      return true;
    });
    assert.equal(rt.volumes.list().length, before, 'the half-fetched volume is removed');
  });

  test('a version digest the registry does not have fails with the registry status', async () => {
    await assert.rejects(get({ repository: `${registry}/gantry/busybox` }, { digest: `sha256:${'0'.repeat(64)}` }),
      (e: unknown) => e instanceof ResourceError && /fetching manifest .*HTTP 404/.test(e.message));
  });
});

describe('registry-image put', () => {
  async function inputWith(files: Record<string, (dir: string) => void>) {
    const v = await rt.volumes.create();
    for (const [sub, make] of Object.entries(files)) {
      mkdirSync(join(v.path, sub), { recursive: true });
      make(join(v.path, sub));
    }
    return v.handle;
  }
  const put = (source: Record<string, unknown>, params: Record<string, unknown>, inputs: Record<string, string>) =>
    runner.put({ type: 'registry-image', source, params, inputs, resourceTypes: [], metadata: {} });

  test('pushes an OCI layout tarball found by glob, to the source tag and the version tag', async () => {
    const input = await inputWith({ out: (d) => layoutTarball(patched, join(d, 'image-1.tar')) });
    const r = await put({ repository: `${registry}/gantry/pushed`, tag: 'edge' }, { image: 'built/out/image-*.tar', version: '2.0.0' }, { built: input });
    assert.deepEqual(r.version, { tag: '2.0.0', digest: await registryDigest('gantry/pushed', '2.0.0') });
    assert.equal(await registryDigest('gantry/pushed', 'edge'), r.version.digest);
    const image = await runner.fetchImage({ type: 'registry-image', source: { repository: `${registry}/gantry/pushed`, tag: 'edge' } }, { resourceTypes: [], metadata: {} });
    assert.equal(await runIn(image.rootfs, 'cat /etc/motd; test -e /etc/group || echo no group'), 'patched\nno group\n');
  });

  test('an image.tar from `get` with format: oci pushes back as the same image', async () => {
    const [version] = await check({ repository: `${registry}/gantry/busybox`, tag: 'latest' });
    const fetched = await get({ repository: `${registry}/gantry/busybox`, tag: 'latest' }, version!, { format: 'oci' });
    const r = await put({ repository: `${registry}/gantry/copied` }, { image: 'img/image.tar' }, { img: fetched.volume });
    assert.equal(r.version.tag, 'latest');
    const image = await runner.fetchImage({ type: 'registry-image', source: { repository: `${registry}/gantry/copied` }, version: r.version }, { resourceTypes: [], metadata: {} });
    assert.equal(image.env.GREETING, 'hello from the image');
    assert.equal(await runIn(image.rootfs, 'busybox true && echo ok'), 'ok\n');
  });

  test('format: oci-layout then a put of that layout mirrors the image with the same digest', async () => {
    const [version] = await check({ repository: `${registry}/gantry/busybox`, tag: 'latest' });
    const fetched = await get({ repository: `${registry}/gantry/busybox`, tag: 'latest' }, version!, { format: 'oci-layout' });
    assert.deepEqual(readdirSync(join(fetched.path, 'oci')).sort(), ['blobs', 'index.json', 'oci-layout']);
    const r = await put({ repository: `${registry}/gantry/mirror`, tag: 'latest' }, { image: 'img/oci' }, { img: fetched.volume });
    assert.deepEqual(r.version, { tag: 'latest', digest: version!.digest });
    assert.equal(await registryDigest('gantry/mirror', 'latest'), version!.digest);
  });

  test('additional_tags with tag_prefix pushes each listed tag', async () => {
    const input = await inputWith({ out: (d) => { layoutTarball(base, join(d, 'image.tar')); writeFileSync(join(d, 'tags'), 'a b\nc'); } });
    await put({ repository: `${registry}/gantry/extra` }, { image: 'x/out/image.tar', additional_tags: 'x/out/tags', tag_prefix: 'v-' }, { x: input });
    const d = await registryDigest('gantry/extra', 'v-a');
    assert.equal(await registryDigest('gantry/extra', 'v-b'), d);
    assert.equal(await registryDigest('gantry/extra', 'v-c'), d);
  });

  test('no file matching the image glob is an error naming the pattern', async () => {
    await assert.rejects(put({ repository: `${registry}/gantry/none` }, { image: 'x/*.tar' }, { x: await inputWith({}) }),
      (e: unknown) => e instanceof ResourceError && /no files match x\/\*\.tar/.test(e.message));
  });
});

describe('registry-image with a username and password', () => {
  let authRegistry: string;
  before(async () => {
    authRegistry = await startAuthRegistry('ci', 's3cret');
    pushImage(base, authRegistry, 'private/busybox', 'latest', 'ci:s3cret');
  });
  const source = (extra: Record<string, unknown>) => ({ repository: `${authRegistry}/private/busybox`, tag: 'latest', ...extra });

  test('check, get and put authenticate with Basic auth when the registry asks', async () => {
    const [version] = await check(source({ username: 'ci', password: 's3cret' }));
    assert.match(version!.digest!, /^sha256:[0-9a-f]{64}$/);
    const r = await get(source({ username: 'ci', password: 's3cret' }), version!);
    assert.ok(existsSync(join(r.path, 'rootfs/bin/busybox')));
    const pushed = await runner.put({ type: 'registry-image', source: source({ username: 'ci', password: 's3cret', tag: 'copy' }),
      params: { image: 'img/image.tar' }, inputs: { img: (await get(source({ username: 'ci', password: 's3cret' }), version!, { format: 'oci' })).volume },
      resourceTypes: [], metadata: {} });
    assert.equal(pushed.version.tag, 'copy');
  });

  test('without credentials the error says the registry wants them', async () => {
    await assert.rejects(check(source({})), (e: unknown) => e instanceof ResourceError && /asks for a username and password/.test(e.message));
  });

  test('a wrong password is refused with the registry status', async () => {
    await assert.rejects(check(source({ username: 'ci', password: 'wrong' })), (e: unknown) => e instanceof ResourceError && /HTTP 401/.test(e.message));
  });
});

