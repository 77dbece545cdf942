// Whole builds on a real runc worker: abort, the order and names of build
// events, live output, put inputs, run-time vars and redaction, set_pipeline,
// and failed containers kept for intercept.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planCheck } from '../src/core/planner';
import { BatchingEventSink, runBuild } from '../src/engine';
import type { BuildEvent } from '../src/protocol/build-events';
import type { SetPipelineRequest } from '../src/ports/engine-ports';
import { filesVolume, idOf, jobPlan, openHarness, runPlan, task, type Harness } from './engine-harness';

let h: Harness;
before(async () => { h = await openHarness(); });
after(async () => h.close());

const mockResources = [
  { name: 'thing', type: 'mock', source: { create_files: { 'a.txt': 'hello' } } },
  { name: 'out', type: 'mock', source: {} },
];

describe('abort', () => {
  test('abort mid-run: SIGTERM, SIGKILL after the grace period, the build ends aborted quickly', async () => {
    const controller = new AbortController();
    const plan = jobPlan({ plan: [task('stubborn', "trap '' TERM; echo started; while true; do sleep 1; done")] });
    const running = runPlan(h, plan, { signal: controller.signal, abortGraceMs: 500 });
    await waitFor(() => h.rt.list().some((c) => c.properties['gantry.step'] === 'stubborn' && c.state === 'running'));
    const t0 = Date.now();
    controller.abort();
    const r = await running;
    assert.equal(r.status, 'aborted');
    assert.ok(Date.now() - t0 < 20_000, `abort took ${Date.now() - t0} ms (the task never ends by itself)`);
    assert.deepEqual(r.log.of('finish-task'), []);
    assert.deepEqual(r.log.errors(), ['interrupted']);
    assert.equal(h.rt.list().filter((c) => c.properties['gantry.step'] === 'stubborn').length, 0);
  });
});

describe('failed containers for intercept', () => {
  test('with keepFailedContainers a failed task keeps its container and volumes; a passing one does not', async () => {
    const files = await filesVolume(h, { 'f.txt': 'x' });
    const plan = jobPlan({ plan: [
      task('passes', 'true', {}, { inputs: [{ name: 'files' }] }),
      task('fails', 'echo left behind > files/note; exit 3', {}, { inputs: [{ name: 'files' }] }),
    ] }, files);
    const r = await runPlan(h, plan, { keepFailedContainers: true });
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.retained.containers.map((c) => h.rt.lookup(c.handle)?.info().properties['gantry.step']), ['fails']);
    assert.equal(h.rt.lookup(r.retained.containers[0]!.handle)!.info().exit?.exitCode, 3);
    assert.ok(r.retained.volumes.length >= 2);
    for (const c of r.retained.containers) await h.rt.destroy(c.handle, { graceMs: 0 });
    for (const v of [...r.retained.volumes].reverse()) await h.rt.volumes.destroy(v.volume);
  });
});

describe('build events', () => {
  test('get, task and put send Concourse-named events in order', async () => {
    const plan = jobPlan({ plan: [
      { get: 'thing', version: { version: 'v1' } },
      task('t', 'echo out; echo err >&2'),
      { put: 'out', params: { version: 'v2' } },
    ] }, undefined, mockResources);
    const r = await runPlan(h, plan);
    assert.equal(r.status, 'succeeded', r.log.errors().join('\n'));
    const names = r.log.names().filter((n) => n !== 'log');
    assert.deepEqual(names, [
      'status',
      'initialize-get', 'selected-worker', 'start-get', 'finish-get',
      'initialize-task', 'selected-worker', 'start-task', 'finish-task',
      'initialize-put', 'selected-worker', 'start-put', 'finish-put',
      'initialize-get', 'selected-worker', 'start-get', 'finish-get',
      'status',
    ]);
    const gets = r.log.of('finish-get');
    assert.deepEqual(gets.map((e) => e.data.version), [{ version: 'v1' }, { version: 'v2' }]);
    assert.deepEqual(r.log.of('finish-put').map((e) => e.data.version), [{ version: 'v2' }]);
    const taskLogs = r.log.of('log').filter((e) => e.data.origin.id === idOf(plan, 't'));
    assert.deepEqual(taskLogs.map((e) => [e.data.origin.source, e.data.payload]).sort(), [['stderr', 'err\n'], ['stdout', 'out\n']]);
    assert.deepEqual(r.log.of('selected-worker')[0]!.data.selected_worker, 'local');
    assert.deepEqual(r.log.of('initialize-task')[0]!.data.config.run, { path: 'sh', args: ['-ec', 'echo out; echo err >&2'], dir: '' });
  });
});

describe('resource failures', () => {
  test("a get whose script fails fails the build with the script's exit status, its stderr logged once", async () => {
    const resources = [{ name: 'bad', type: 'mock', source: { create_files: { '../escape': 'x' } } }];
    const r = await runPlan(h, jobPlan({ plan: [{ get: 'bad', version: { version: 'v1' } }] }, undefined, resources));
    assert.equal(r.status, 'failed');
    const [finish] = r.log.of('finish-get');
    assert.notEqual(finish!.data.exit_status, 0);
    assert.deepEqual(finish!.data.version, {});
    assert.equal(r.log.text().split('path escapes the destination').length, 2, r.log.text());
  });
});

describe('worker placement', () => {
  test('a step whose tags no worker has errors the build, naming the tags', async () => {
    const r = await runPlan(h, jobPlan({ plan: [task('gpu-only', 'true', { tags: ['gpu'] })] }));
    assert.equal(r.status, 'errored');
    assert.deepEqual(r.log.errors(), ['no workers satisfying: with tags: gpu, team: main']);
  });
});

describe('check builds', () => {
  test('a check plan stores the versions the check found', async () => {
    const saved: unknown[] = [];
    const plan = planCheck({ name: 'thing', type: 'mock', source: {} }, { fromVersion: { version: 'foo' } });
    const result = await runBuild(plan, {
      workers: h.pool, events: { emit: () => undefined },
      checkResults: { save: async (check, versions) => void saved.push([check.name, versions]) },
    }, { build: { teamName: 'main' } });
    assert.equal(result.status, 'succeeded');
    assert.deepEqual(saved, [['thing', [{ version: 'foo' }]]]);
  });
});

describe('put inputs', () => {
  test('a put sends the artifacts its params name (detect, the default), a listed one, or fails on a missing one', async () => {
    const files = await filesVolume(h, { 'ver': 'from-file' });
    const detected = await runPlan(h, jobPlan({ plan: [{ put: 'out', params: { file: 'files/ver' }, no_get: true }] }, files, mockResources));
    assert.equal(detected.status, 'succeeded', detected.log.errors().join('\n'));
    assert.deepEqual(detected.log.of('finish-put').map((e) => e.data.version), [{ version: 'from-file' }]);
    const none = await runPlan(h, jobPlan({ plan: [{ put: 'out', params: { file: 'files/ver' }, inputs: [], no_get: true }] }, files, mockResources));
    assert.notEqual(none.status, 'succeeded');
    const missing = await runPlan(h, jobPlan({ plan: [{ put: 'out', params: { version: 'x' }, inputs: ['nope'], no_get: true }] }, files, mockResources));
    assert.equal(missing.status, 'errored');
    assert.deepEqual(missing.log.errors(), ['input not found: nope']);
  });
});

describe('live output', () => {
  test('output reaches the sink while the task still runs, without waiting for a newline', async () => {
    const seen: { event: string; payload?: string; at: number }[] = [];
    const sink = { emit: (e: BuildEvent) => void seen.push({ event: e.event, at: Date.now(), ...(e.event === 'log' ? { payload: e.data.payload } : {}) }) };
    const plan = jobPlan({ plan: [task('slow-talker', 'printf first; sleep 1.5; printf second')] });
    const result = await runBuild(plan, { workers: h.pool, events: sink }, { build: { teamName: 'main' } });
    assert.equal(result.status, 'succeeded');
    const first = seen.find((e) => e.payload === 'first')!;
    const finish = seen.find((e) => e.event === 'finish-task')!;
    assert.ok(finish.at - first.at >= 1000, `first arrived ${finish.at - first.at} ms before the end`);
  });
});

describe('large output', () => {
  test('every byte of a 20 MB log arrives, in order, through a batching sink', async () => {
    let bytes = 0;
    let batches = 0;
    let ordered = true;
    let last = '';
    const sink = new BatchingEventSink(async (events) => {
      batches++;
      await new Promise((r) => setTimeout(r, 1));
      for (const e of events) {
        if (e.event !== 'log') continue;
        bytes += e.data.payload.length;
        if (last === 'b' && e.data.payload.startsWith('a')) ordered = false;
        last = e.data.payload.at(-1) ?? last;
      }
    });
    const plan = jobPlan({ plan: [task('chatty', "head -c 10000000 /dev/zero | tr '\\0' a; head -c 10000000 /dev/zero | tr '\\0' b")] });
    const result = await runBuild(plan, { workers: h.pool, events: sink }, { build: { teamName: 'main' } });
    assert.equal(result.status, 'succeeded');
    assert.equal(bytes, 20_000_000);
    assert.ok(ordered);
    assert.ok(batches > 1);
  });
});

describe('vars', () => {
  const varSources = [{ name: 'creds', type: 'dummy', config: { vars: { password: 's3cr3t-value', user: 'admin' } } }];

  test('a var_sources secret is redacted from logs, even when split across output chunks', async () => {
    const plan = jobPlan({ plan: [task('leak', 'echo "pw=$PW"; printf "again s3cr"; sleep 0.3; printf "3t-value\\n"; echo "user=((creds:user))"', {
      params: { PW: '((creds:password))' },
    })] });
    const r = await runPlan(h, plan, { varSources });
    assert.equal(r.status, 'succeeded', r.log.errors().join('\n'));
    assert.equal(r.log.text(), 'pw=((redacted))\nagain ((redacted))\nuser=((redacted))\n');
    assert.ok(!JSON.stringify(r.log.events).includes('s3cr3t-value'));
  });

  test('a var with no value errors the step with undefined vars', async () => {
    const plan = jobPlan({ plan: [task('t', 'echo ((creds:nope)) ((missing))')] });
    const r = await runPlan(h, plan, { varSources });
    assert.equal(r.status, 'errored');
    assert.deepEqual(r.log.errors(), ['undefined vars: creds:nope, missing']);
  });

  test('load_var values are redacted unless revealed; static vars answer plain names', async () => {
    const files = await filesVolume(h, { 'token': ' tok-123 \n', 'shown.yml': 'name: visible-value\n' });
    const plan = jobPlan({ plan: [
      { load_var: 'token', file: 'files/token' },
      { load_var: 'shown', file: 'files/shown.yml', reveal: true },
      task('echo', 'echo "((.:token)) ((.:shown.name)) ((greeting))"'),
    ] }, files);
    const r = await runPlan(h, plan, { staticVars: { greeting: 'hi' } });
    assert.equal(r.status, 'succeeded', r.log.errors().join('\n'));
    assert.equal(r.log.text(), '((redacted)) visible-value hi\n');
  });
});

describe('set_pipeline', () => {
  test('self sets the running pipeline from an artifact, and reports whether it changed', async () => {
    const files = await filesVolume(h, { 'pipeline.yml': 'jobs: [{name: j, plan: [{task: t, file: x/t.yml}]}]\n', 'vars.yml': 'a: 1\n' });
    const calls: SetPipelineRequest[] = [];
    const pipelines = { set: async (req: SetPipelineRequest) => { calls.push(req); return { changed: calls.length === 1 }; } };
    const plan = jobPlan({ plan: [
      { set_pipeline: 'self', file: 'files/pipeline.yml', var_files: ['files/vars.yml'], vars: { b: 2 } },
      { set_pipeline: 'other', file: 'files/pipeline.yml' },
    ] }, files);
    const r = await runPlan(h, plan, { pipelines });
    assert.equal(r.status, 'succeeded', r.log.errors().join('\n'));
    assert.deepEqual(calls.map((c) => [c.team, c.pipeline, c.vars]), [['main', 'p', [{ a: 1 }, { b: 2 }]], ['main', 'other', []]]);
    assert.match(calls[0]!.configText, /name: j/);
    assert.deepEqual(r.log.of('set-pipeline-changed').map((e) => e.data.changed), [true, false]);
  });
});

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
