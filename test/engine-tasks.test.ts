// Task steps on a real runc worker: inputs and outputs, copy-on-write inputs,
// task files, one-off builds, limits and privileges, hermetic tasks, images.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { planOneOff } from '../src/core/planner';
import { busyboxRootfs } from './testkit/busybox-rootfs';
import { filesVolume, finishedTasks, idOf, jobPlan, openHarness, runPlan, task, type Harness } from './engine-harness';

let h: Harness;
before(async () => { h = await openHarness(); });
after(async () => h.close());

const mockResources = [
  { name: 'thing', type: 'mock', source: { create_files: { 'a.txt': 'hello' } } },
  { name: 'out', type: 'mock', source: {} },
];

describe('task inputs and outputs', () => {
  test('a task sees its inputs, writes an output the next task reads through the mappings', async () => {
    const files = await filesVolume(h, { 'greeting.txt': 'hi there\n' });
    const plan = jobPlan({ plan: [
      task('make', 'cat src/greeting.txt > result/made.txt; echo "$WHO" >> result/made.txt; pwd > result/pwd.txt', {
        input_mapping: { src: 'files' }, output_mapping: { result: 'built' }, params: { WHO: 'step param' },
      }, { inputs: [{ name: 'src' }], outputs: [{ name: 'result' }], params: { WHO: 'config param', N: 3 } }),
      task('read', 'cat ../built/made.txt; echo "N=$N"; cat ../built/pwd.txt', {}, {
        inputs: [{ name: 'built' }], run: { path: 'sh', args: ['-ec', 'cat ../built/made.txt; cat ../built/pwd.txt'], dir: 'built' },
      }),
    ] }, files);
    const r = await runPlan(h, plan);
    assert.equal(r.status, 'succeeded', r.log.errors().join('\n'));
    const text = r.log.text(idOf(plan, 'read'));
    assert.match(text, /^hi there\nstep param\n\/tmp\/build\/[0-9a-f]{8}\n$/);
  });

  test('an output at an input\'s path carries the input with the task\'s changes', async () => {
    const files = await filesVolume(h, { 'a.txt': 'from input\n' });
    const plan = jobPlan({ plan: [
      task('amend', 'echo added > files/b.txt', {}, { inputs: [{ name: 'files' }], outputs: [{ name: 'amended', path: 'files' }] }),
      task('show', 'cat amended/a.txt amended/b.txt', {}, { inputs: [{ name: 'amended' }] }),
    ] }, files);
    const r = await runPlan(h, plan);
    assert.equal(r.status, 'succeeded', r.log.errors().join('\n'));
    assert.equal(r.log.text(idOf(plan, 'show')), 'from input\nadded\n');
    assert.equal(existsSync(join(h.rt.volumes.lookup(files)!.path, 'b.txt')), false);
  });

  test('a missing input errors the step, naming it; an optional one may be missing', async () => {
    const plan = jobPlan({ plan: [
      task('tolerant', 'test ! -e maybe', {}, { inputs: [{ name: 'maybe', optional: true }] }),
      task('strict', 'true', {}, { inputs: [{ name: 'needed' }, { name: 'also' }] }),
    ] });
    const r = await runPlan(h, plan);
    assert.equal(r.status, 'errored');
    assert.deepEqual(finishedTasks(r.log, plan), ['tolerant']);
    assert.deepEqual(r.log.errors(), ['missing inputs: needed, also']);
  });

  test('writing into an input changes neither the artifact nor what the next step gets', async () => {
    const files = await filesVolume(h, { 'keep.txt': 'original' });
    const plan = jobPlan({ plan: [
      { get: 'thing' },
      task('vandal', 'echo changed > files/keep.txt; echo changed > thing/a.txt; rm -f thing/version', {}, { inputs: [{ name: 'files' }, { name: 'thing' }] }),
      task('witness', 'cat files/keep.txt thing/a.txt thing/version', {}, { inputs: [{ name: 'files' }, { name: 'thing' }] }),
    ] }, files, mockResources);
    const r = await runPlan(h, plan, { keepVolumes: true });
    assert.equal(r.status, 'succeeded', r.log.errors().join('\n'));
    assert.match(r.log.text(idOf(plan, 'witness')), /^originalhellomock\n?$/);
    assert.equal(readFileSync(join(h.rt.volumes.lookup(files)!.path, 'keep.txt'), 'utf8'), 'original');
    const got = h.rt.volumes.lookup(r.artifacts.get('thing')!.volume)!;
    assert.equal(readFileSync(join(got.path, 'a.txt'), 'utf8'), 'hello');
    assert.ok(existsSync(join(got.path, 'version')));
  });
});

describe('task files', () => {
  const taskFile = (rootfs: string) => [
    'platform: linux',
    `rootfs_uri: raw://${rootfs}`,
    'params: {GREETING: ((greeting)), OTHER: from-file}',
    'run: {path: sh, args: [-c, echo "$GREETING $OTHER"]}',
    '',
  ].join('\n');

  test('file: reads the config from an artifact, with the step vars and params applied', async () => {
    const files = await filesVolume(h, { 'ci/task.yml': taskFile(busyboxRootfs()) });
    const plan = jobPlan({ plan: [{ task: 'from-file', file: 'files/ci/task.yml', vars: { greeting: 'hello' }, params: { OTHER: 'from-step' } }] }, files);
    const r = await runPlan(h, plan);
    assert.equal(r.status, 'succeeded', r.log.errors().join('\n'));
    assert.equal(r.log.text(), 'hello from-step\n');
  });

  test('an invalid task file errors the step with file:line diagnostics', async () => {
    const files = await filesVolume(h, { 'ci/bad.yml': 'platform: linux\nrun: {}\n' });
    const r = await runPlan(h, jobPlan({ plan: [{ task: 'bad', file: 'files/ci/bad.yml' }] }, files));
    assert.equal(r.status, 'errored');
    assert.match(r.log.errors()[0]!, /^invalid task configuration:\nfiles\/ci\/bad\.yml:\d+:\d+: error: /);
  });
});

describe('one-off builds (execute)', () => {
  test('uploaded inputs reach the task and its outputs are handed back, even when it fails', async () => {
    const upload = await filesVolume(h, { 'in.txt': 'uploaded' });
    const config = {
      platform: 'linux', rootfs_uri: `raw://${busyboxRootfs()}`,
      inputs: [{ name: 'src' }], outputs: [{ name: 'out' }],
      run: { path: 'sh', args: ['-c', 'tr a-z A-Z < src/in.txt > out/result.txt; exit 1'] },
    };
    const collected = new Map<string, string>();
    const r = await runPlan(h, planOneOff(config, { inputs: [{ name: 'src', artifactId: upload }], outputs: ['out'] }), { collected, keepVolumes: true });
    assert.equal(r.status, 'failed');
    const out = h.rt.volumes.lookup(collected.get('out')!)!;
    assert.equal(readFileSync(join(out.path, 'result.txt'), 'utf8'), 'UPLOADED');
  });
});

describe('limits, privileges, images', () => {
  test('a task over its memory limit is killed, and the log says so', async () => {
    const plan = jobPlan({ plan: [task('hog', 'dd if=/dev/zero of=/dev/null bs=200M count=1', { container_limits: { memory: '64MB' } })] });
    const r = await runPlan(h, plan);
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.log.of('finish-task').map((e) => e.data.exit_status), [137]);
    assert.match(r.log.text(), /out-of-memory killer \(memory limit: 64MB\)/);
  });

  test('a task runs privileged only when asked', async () => {
    const SYS_ADMIN = 1n << 21n;
    const caps = async (privileged: boolean) => {
      const plan = jobPlan({ plan: [task('caps', 'grep CapEff /proc/self/status', privileged ? { privileged: true } : {})] });
      const r = await runPlan(h, plan);
      return BigInt(`0x${/CapEff:\s*([0-9a-f]+)/.exec(r.log.text())![1]}`);
    };
    assert.equal((await caps(false)) & SYS_ADMIN, 0n);
    assert.equal((await caps(true)) & SYS_ADMIN, SYS_ADMIN);
  });

  test('a hermetic task sees only loopback', async () => {
    const r = await runPlan(h, jobPlan({ plan: [task('offline', 'ls /sys/class/net', { hermetic: true })] }));
    assert.equal(r.log.text(), 'lo\n');
  });

  test('an image artifact (rootfs/ + metadata.json) gives the rootfs, env and user', async () => {
    const makeImage = [
      'mkdir -p img/rootfs', 'cp -a /bin /etc /home img/rootfs/', 'mkdir -p img/rootfs/tmp img/rootfs/proc img/rootfs/sys img/rootfs/dev',
      'echo made-here > img/rootfs/etc/origin',
      'echo \'{"env": ["IMAGE_SAYS=hello from metadata"], "user": "gantry"}\' > img/metadata.json',
    ].join('; ');
    const plan = jobPlan({ plan: [
      task('build-image', makeImage, {}, { outputs: [{ name: 'img' }] }),
      { task: 'use-image', image: 'img', config: { platform: 'linux', run: { path: 'sh', args: ['-c', 'echo "$IMAGE_SAYS"; id -un; cat /etc/origin'] } } },
    ] });
    const r = await runPlan(h, plan);
    assert.equal(r.status, 'succeeded', r.log.errors().join('\n'));
    assert.equal(r.log.text(idOf(plan, 'use-image')), 'hello from metadata\ngantry\nmade-here\n');
  });

  test('image_resource is fetched through the resource runner', async () => {
    const plan = jobPlan({ plan: [{
      task: 'in-fetched-image',
      config: { platform: 'linux', image_resource: { type: 'mock', source: { mirror_self: true } }, run: { path: 'echo', args: ['fetched image runs'] } },
    }] });
    const r = await runPlan(h, plan);
    assert.equal(r.status, 'succeeded', r.log.errors().join('\n'));
    assert.match(r.log.text(idOf(plan, 'in-fetched-image')), /fetched image runs\n$/);
  });
});
