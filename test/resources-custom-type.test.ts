// A `resource_types:` entry whose image (busybox with /opt/resource/{check,in,out} shell
// scripts, pulled by the built-in registry-image from a real registry) runs in real runc
// containers and speaks Concourse's protocol: JSON on stdin/stdout, `in DIR`/`out DIR`,
// stderr streamed, build metadata env, failures with their stderr, abort.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuncRuntime } from '../src/worker';
import { WorkerResourceRunner } from '../src/resources';
import { ResourceError, type BuildMetadata, type ResourceTypeSpec } from '../src/ports/resource-runner';
import { buildBusyboxImage, pushImage } from './testkit/oci-image';
import { testRegistry } from './testkit/registry';

// Shell stand-ins for a third-party resource: a field is read out of the JSON with sed.
const FIELD = `field() { printf '%s' "$payload" | sed -n "s/.*\\"$1\\":\\"\\([^\\"]*\\)\\".*/\\1/p"; }`;
const SCRIPTS: Record<string, string> = {
  check: `#!/bin/sh
payload=$(cat)
${FIELD}
echo "check got: $payload" >&2
[ "$(field mode)" = fail ] && { echo "boom: the remote said no" >&2; exit 3; }
[ "$(field mode)" = garbage ] && { echo "this is not json"; exit 0; }
[ "$(field mode)" = slow ] && sleep 30
from=$(field ref)
if [ -n "$from" ]; then echo "[{\\"ref\\":\\"$from\\"},{\\"ref\\":\\"$from-next\\"}]"; else echo "[{\\"ref\\":\\"$(field value)\\"}]"; fi
`,
  in: `#!/bin/sh
payload=$(cat)
${FIELD}
echo "fetching into $1" >&2
printf '%s' "$payload" > "$1/payload"
env | sort > "$1/env"
printf '%s' "$(field ref)" > "$1/ref"
if [ "$(field mirror)" = yes ]; then
  mkdir -p "$1/rootfs" && for d in bin etc opt; do cp -a "/$d" "$1/rootfs/"; done
  mkdir -p "$1/rootfs/proc" "$1/rootfs/sys" "$1/rootfs/dev" "$1/rootfs/tmp"
  echo '{"env":["PATH=/bin","MIRRORED_BY=echo"],"user":"root"}' > "$1/metadata.json"
fi
echo "{\\"version\\":{\\"ref\\":\\"$(field ref)\\"},\\"metadata\\":[{\\"name\\":\\"dir\\",\\"value\\":\\"$1\\"},{\\"name\\":\\"pwd\\",\\"value\\":\\"$(pwd)\\"}]}"
`,
  out: `#!/bin/sh
payload=$(cat)
${FIELD}
content=$(cat "$1/$(field file)")
echo "overwritten" > "$1/$(field file)"
ls "$1" >&2
echo "{\\"version\\":{\\"ref\\":\\"$content\\"},\\"metadata\\":[{\\"name\\":\\"inputs\\",\\"value\\":\\"$(ls "$1" | tr '\\n' ' ')\\"}]}"
`,
};

let workDir: string;
let rt: RuncRuntime;
let runner: WorkerResourceRunner;
let types: ResourceTypeSpec[];
const metadata: BuildMetadata = { buildId: 99, buildName: '3', jobName: 'ship', pipelineName: 'release', teamName: 'main', externalUrl: 'http://ci.example' };

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'gantry-res-custom-'));
  rt = await RuncRuntime.open({ workDir, graceMs: 1000 });
  runner = new WorkerResourceRunner({ runtime: rt });
  const registry = await testRegistry();
  const layout = buildBusyboxImage({
    env: ['PATH=/bin', 'FROM_IMAGE=yes'],
    layers: [(r) => {
      mkdirSync(join(r, 'opt/resource'), { recursive: true });
      for (const [name, body] of Object.entries(SCRIPTS)) {
        writeFileSync(join(r, 'opt/resource', name), body);
        chmodSync(join(r, 'opt/resource', name), 0o755);
      }
    }],
  });
  pushImage(layout, registry, 'gantry/echo-resource', 'latest');
  types = [{ name: 'echo', type: 'registry-image', source: { repository: `${registry}/gantry/echo-resource` }, defaults: { value: 'from-defaults' } }];
});

after(async () => {
  for (const c of rt.list()) await rt.destroy(c.handle, { graceMs: 0 });
  await rt.close();
  rmSync(workDir, { recursive: true, force: true });
});

function sink() {
  const chunks: Buffer[] = [];
  return { output: (c: Uint8Array) => chunks.push(Buffer.from(c)), text: () => Buffer.concat(chunks).toString() };
}

describe('a custom resource type in a container', () => {
  test('check gets source (with the type defaults under it) on stdin and its versions are read from stdout', async () => {
    const out = sink();
    assert.deepEqual(await runner.check({ type: 'echo', source: {}, resourceTypes: types, metadata: {}, output: out.output }), [{ ref: 'from-defaults' }]);
    assert.deepEqual(await runner.check({ type: 'echo', source: { value: 'mine' }, resourceTypes: types, metadata: {} }), [{ ref: 'mine' }]);
    assert.match(out.text(), /check got: \{"source":\{"value":"from-defaults"\},"version":null\}/);
  });

  test('check receives `from` as version', async () => {
    assert.deepEqual(await runner.check({ type: 'echo', source: {}, from: { ref: 'v7' }, resourceTypes: types, metadata: {} }),
      [{ ref: 'v7' }, { ref: 'v7-next' }]);
  });

  test('in runs as `in /tmp/build/get` in that dir, with build metadata env and the image env', async () => {
    const out = sink();
    const r = await runner.get({ type: 'echo', source: { value: 'x' }, version: { ref: 'abc' }, params: { deep: true }, resourceTypes: types, metadata, output: out.output });
    const path = rt.volumes.lookup(r.volume)!.path;
    assert.deepEqual(r.version, { ref: 'abc' });
    assert.deepEqual(r.metadata, [{ name: 'dir', value: '/tmp/build/get' }, { name: 'pwd', value: '/tmp/build/get' }]);
    assert.equal(readFileSync(join(path, 'ref'), 'utf8'), 'abc');
    assert.deepEqual(JSON.parse(readFileSync(join(path, 'payload'), 'utf8')), { source: { value: 'x' }, version: { ref: 'abc' }, params: { deep: true } });
    const env = readFileSync(join(path, 'env'), 'utf8');
    for (const line of ['BUILD_ID=99', 'BUILD_NAME=3', 'BUILD_JOB_NAME=ship', 'BUILD_PIPELINE_NAME=release', 'BUILD_TEAM_NAME=main',
      'ATC_EXTERNAL_URL=http://ci.example', 'BUILD_URL=http://ci.example/teams/main/pipelines/release/jobs/ship/builds/3',
      'BUILD_URL_SHORT=http://ci.example/builds/99', 'FROM_IMAGE=yes']) {
      assert.ok(env.split('\n').includes(line), `${line} in\n${env}`);
    }
    assert.match(out.text(), /fetching into \/tmp\/build\/get/);
    await rt.volumes.destroy(r.volume);
  });

  test('out runs as `out /tmp/build/put` with its inputs there, and cannot change them', async () => {
    const input = await rt.volumes.create();
    writeFileSync(join(input.path, 'number'), '4.5.6');
    const r = await runner.put({ type: 'echo', source: {}, params: { file: 'artifact/number' }, inputs: { artifact: input.handle }, resourceTypes: types, metadata });
    assert.deepEqual(r, { version: { ref: '4.5.6' }, metadata: [{ name: 'inputs', value: 'artifact ' }] });
    assert.equal(readFileSync(join(input.path, 'number'), 'utf8'), '4.5.6', 'the input volume is untouched');
    assert.deepEqual(rt.volumes.list().filter((v) => v.parent === input.handle), [], 'its copy-on-write copy is gone');
    await rt.volumes.destroy(input.handle);
  });

  test('a script that exits non-zero is an error with its exit status and stderr', async () => {
    const out = sink();
    await assert.rejects(runner.check({ type: 'echo', source: { mode: 'fail' }, resourceTypes: types, metadata: {}, output: out.output }), (e: unknown) => {
      assert.ok(e instanceof ResourceError);
      assert.equal(e.code, 'script-failed');
      assert.equal(e.exitCode, 3);
      assert.match(e.message, /^resource script '\/opt\/resource\/check \[\]' failed: exit status 3\n\nstderr:\n[\s\S]*boom: the remote said no/);
      return true;
    });
    assert.match(out.text(), /boom: the remote said no/, 'stderr streamed to the output too');
  });

  test('a response that is not the protocol JSON is refused', async () => {
    await assert.rejects(runner.check({ type: 'echo', source: { mode: 'garbage' }, resourceTypes: types, metadata: {} }),
      (e: unknown) => e instanceof ResourceError && e.code === 'invalid-response' && /this is not json/.test(e.message));
  });

  test('abort kills the script at once and removes its container', async () => {
    const ac = new AbortController();
    const p = runner.check({ type: 'echo', source: { mode: 'slow' }, resourceTypes: types, metadata: {}, signal: ac.signal });
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    ac.abort();
    await assert.rejects(p, (e: unknown) => e instanceof ResourceError && e.code === 'aborted');
    assert.ok(Date.now() - t0 < 10_000, `abort took ${Date.now() - t0} ms (the script sleeps 30 s)`);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(rt.list().filter((c) => c.properties.kind === 'resource'), []);
  });

  test('the type image is fetched once and reused by every script run', async () => {
    const images = rt.volumes.list().filter((v) => v.properties.kind === 'image-cache');
    assert.equal(images.length, 1);
  });

  test('a type whose image comes from another custom type: the chain is fetched recursively', async () => {
    const chain: ResourceTypeSpec[] = [...types, { name: 'echo2', type: 'echo', source: { mirror: 'yes', value: 'img' } }];
    const out = sink();
    const r = await runner.get({ type: 'echo2', source: {}, version: { ref: 'deep' }, resourceTypes: chain, metadata: {}, output: out.output });
    const env = readFileSync(join(rt.volumes.lookup(r.volume)!.path, 'env'), 'utf8');
    assert.ok(env.split('\n').includes('MIRRORED_BY=echo'), 'echo2 ran in the image echo fetched');
    assert.match(out.text(), /fetching into \/tmp\/build\/get/);
    await rt.volumes.destroy(r.volume);
  });

  test('an entry named like a built-in shadows it; its own image still comes from the built-in', async () => {
    const shadow: ResourceTypeSpec[] = [{ name: 'registry-image', type: 'registry-image', source: types[0]!.source }];
    assert.deepEqual(await runner.check({ type: 'registry-image', source: { value: 'shadowed' }, resourceTypes: shadow, metadata: {} }), [{ ref: 'shadowed' }]);
  });

  test('types whose images come from each other are a loop, named in the error', async () => {
    const loop: ResourceTypeSpec[] = [
      { name: 'a', type: 'b', source: {} },
      { name: 'b', type: 'a', source: {} },
    ];
    await assert.rejects(runner.check({ type: 'a', source: {}, resourceTypes: loop, metadata: {} }),
      (e: unknown) => e instanceof ResourceError && e.code === 'type-loop' && e.message === 'resource type loop: a -> b -> a');
  });
});
