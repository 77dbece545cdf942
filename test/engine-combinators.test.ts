// Step combinators as Concourse runs them, on a real runc worker: which steps
// run, in what order, and the build's final status. Leaf steps are tiny tasks
// (busybox) and load_var steps reading a files artifact.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesVolume, finishedTasks, idOf, jobPlan, openHarness, runPlan, task, type Harness } from './engine-harness';

let h: Harness;
let files: string;

before(async () => {
  h = await openHarness();
  files = await filesVolume(h, { 'v.json': '{"n": 1}', 'list.json': '["x", "y"]' });
});
after(async () => h.close());

const ok = (name: string) => task(name, 'true');
const fail = (name: string) => task(name, 'exit 1');
/** A step that errors: its file does not exist. */
const broken = (name: string, extra: Record<string, unknown> = {}) => ({ load_var: name, file: 'files/missing.json', ...extra });

async function build(job: object, options: Parameters<typeof runPlan>[2] = {}) {
  const plan = jobPlan(job, files);
  const result = await runPlan(h, plan, options);
  return { ...result, plan, tasks: finishedTasks(result.log, plan) };
}

describe('do and hooks', () => {
  test('do stops at the first failure; the build fails', async () => {
    const r = await build({ plan: [ok('a'), fail('b'), ok('c')] });
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.tasks, ['a', 'b']);
  });

  test('on_success runs after success, on_failure after failure, neither after an error', async () => {
    const r = await build({ plan: [
      { ...ok('a'), on_success: ok('a-success'), on_failure: ok('a-failure') },
      { try: { ...fail('b'), on_success: ok('b-success'), on_failure: ok('b-failure') } },
      { ...broken('c'), on_success: ok('c-success'), on_failure: ok('c-failure'), on_error: ok('c-error') },
    ] });
    assert.deepEqual(r.tasks, ['a', 'a-success', 'b', 'b-failure', 'c-error']);
    assert.equal(r.status, 'errored');
    assert.match(r.log.errors()[0]!, /missing\.json/);
  });

  test('a failing on_success hook fails the step', async () => {
    const r = await build({ plan: [{ ...ok('a'), on_success: fail('hook') }, ok('never')] });
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.tasks, ['a', 'hook']);
  });

  test('ensure runs on success, failure and error; its failure fails a build that succeeded', async () => {
    const passed = await build({ plan: [{ ...ok('a'), ensure: fail('cleanup') }] });
    assert.equal(passed.status, 'failed');
    assert.deepEqual(passed.tasks, ['a', 'cleanup']);
    const failed = await build({ plan: [{ ...fail('a'), ensure: ok('cleanup') }] });
    assert.equal(failed.status, 'failed');
    assert.deepEqual(failed.tasks, ['a', 'cleanup']);
    const errored = await build({ plan: [{ ...broken('a'), ensure: ok('cleanup') }] });
    assert.equal(errored.status, 'errored');
    assert.deepEqual(errored.tasks, ['cleanup']);
  });

  test("the job's own hooks: on_failure and ensure after a failed plan, on_success not", async () => {
    const r = await build({
      plan: [fail('unit')], on_success: ok('job-success'), on_failure: ok('job-failure'), ensure: ok('job-ensure'),
    });
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.tasks, ['unit', 'job-failure', 'job-ensure']);
  });
});

describe('try', () => {
  test('try turns failure and error into success', async () => {
    const r = await build({ plan: [{ try: fail('a') }, { try: broken('b') }, ok('c')] });
    assert.equal(r.status, 'succeeded');
    assert.deepEqual(r.tasks, ['a', 'c']);
  });

  test('try does not turn an abort into success; on_abort and ensure hooks run', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 700);
    const r = await build({
      plan: [{ try: { ...task('sleepy', 'sleep 30'), on_abort: ok('step-abort') } }, ok('after')],
      on_abort: ok('job-abort'), ensure: ok('job-ensure'),
    }, { signal: controller.signal });
    assert.equal(r.status, 'aborted');
    assert.deepEqual(r.tasks, ['step-abort', 'job-abort', 'job-ensure']);
    assert.ok(r.ms < 10_000, `aborted after ${r.ms} ms`);
  });
});

describe('attempts', () => {
  test('a failing step is retried up to attempts times, then fails', async () => {
    const r = await build({ plan: [{ ...fail('flaky'), attempts: 3 }] });
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.tasks, ['flaky', 'flaky', 'flaky']);
  });

  test('an errored step is retried too; the last error is the result', async () => {
    const r = await build({ plan: [{ ...broken('v'), attempts: 2 }] });
    assert.equal(r.status, 'errored');
    assert.equal(r.log.errors().length, 2);
  });

  test('retries stop at the first success (a task cache counts the attempts)', async () => {
    const script = 'n=$(cat c/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > c/n; test $n -ge 2';
    const r = await build({ plan: [{ ...task('second-time-lucky', script, {}, { caches: [{ path: 'c' }] }), attempts: 5 }] });
    assert.equal(r.status, 'succeeded');
    assert.deepEqual(r.tasks, ['second-time-lucky', 'second-time-lucky']);
  });
});

describe('timeout', () => {
  test('a step past its timeout is interrupted and fails with "timeout exceeded"', async () => {
    const r = await build({ plan: [{ ...task('slow', 'sleep 30'), timeout: '1s', on_failure: ok('on-failure') }] });
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.log.errors(), ['timeout exceeded']);
    assert.equal(r.log.of('error')[0]!.data.origin.id, idOf(r.plan, 'slow'));
    assert.deepEqual(r.tasks, ['on-failure']);
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
  });

  test('each attempt has its own timeout', async () => {
    const r = await build({ plan: [{ ...task('slow', 'sleep 30'), timeout: '300ms', attempts: 2 }] });
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.log.errors(), ['timeout exceeded', 'timeout exceeded']);
  });
});

describe('in_parallel', () => {
  test('without fail_fast every step runs to its end; a failure fails the whole', async () => {
    const r = await build({ plan: [{ in_parallel: [fail('a'), task('b', 'sleep 0.3')] }] });
    assert.equal(r.status, 'failed');
    assert.deepEqual([...r.tasks].sort(), ['a', 'b']);
  });

  test('fail_fast interrupts the running siblings at the first failure', async () => {
    const r = await build({ plan: [{ in_parallel: { steps: [fail('a'), task('b', 'sleep 30')], fail_fast: true } }] });
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.tasks, ['a']);
    assert.deepEqual(r.log.of('error').map((e) => [e.data.origin.id, e.data.message]), [[idOf(r.plan, 'b'), 'interrupted']]);
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
  });

  test('limit 1 runs the steps one after another, in order', async () => {
    const r = await build({ plan: [{ in_parallel: { steps: [ok('a'), ok('b'), ok('c')], limit: 1 } }] });
    assert.equal(r.status, 'succeeded');
    assert.deepEqual(r.tasks, ['a', 'b', 'c']);
  });

  test('an error in one branch errors the build after the others finish', async () => {
    const r = await build({ plan: [{ in_parallel: [broken('v'), task('b', 'sleep 0.2')] }] });
    assert.equal(r.status, 'errored');
    assert.deepEqual(r.tasks, ['b']);
  });
});

describe('across', () => {
  test('values are crossed with the last var varying fastest, each combination sees its vars', async () => {
    const r = await build({ plan: [{
      ...task('echo', 'echo "((.:x))-((.:y))"'),
      across: [{ var: 'x', values: [1, 2] }, { var: 'y', values: ['a', 'b'] }],
    }] });
    assert.equal(r.status, 'succeeded');
    assert.equal(r.log.text(), '1-a\n1-b\n2-a\n2-b\n');
    const [announced] = r.log.of('across-substeps');
    assert.deepEqual(announced!.data.substeps.map((s) => s.values), [[1, 'a'], [1, 'b'], [2, 'a'], [2, 'b']]);
    const acrossId = announced!.data.origin.id!;
    const template = idOf(r.plan, 'echo');
    assert.deepEqual(r.log.of('finish-task').map((e) => e.data.origin.id), [0, 1, 2, 3].map((n) => `${acrossId}/${n}/${template}`));
  });

  test('values can come from a var loaded at run time', async () => {
    const r = await build({ plan: [
      { load_var: 'list', file: 'files/list.json', reveal: true },
      { ...task('echo', 'echo "((.:item))"'), across: [{ var: 'item', values: '((.:list))' }] },
    ] });
    assert.equal(r.log.text(), 'x\ny\n');
    const shadowed = await build({ plan: [
      { load_var: 'item', file: 'files/v.json', reveal: true },
      { ...task('echo', 'echo "((.:item))"'), across: [{ var: 'item', values: ['inner'] }] },
    ] });
    assert.equal(shadowed.log.text(), "\x1b[1;33mWARNING: across step shadows local var 'item'\x1b[0m\ninner\n");
  });

  test('max_in_flight bounds how many combinations run at once', async () => {
    const script = 'touch c/run-((.:v)); sleep 0.6; ls c | grep -c run- > c/seen-((.:v)); rm c/run-((.:v))';
    const seen = async (maxInFlight: number | 'all', step: string) => {
      const r = await build({ plan: [{
        ...task(step, script, {}, { caches: [{ path: 'c' }] }),
        across: [{ var: 'v', values: ['a', 'b', 'c', 'd'], max_in_flight: maxInFlight }],
      }] });
      assert.equal(r.status, 'succeeded');
      const cache = h.rt.volumes.list().find((v) => v.properties['gantry.task-cache'] === `main/job/${step}:c`)!;
      return Math.max(...readdirSync(cache.path).filter((f) => f.startsWith('seen-')).map((f) => Number(readFileSync(join(cache.path, f), 'utf8'))));
    };
    assert.equal(await seen(2, 'two-at-once'), 2);
    assert.equal(await seen(1, 'one-at-once'), 1);
    assert.ok((await seen('all', 'all-at-once')) >= 3);
  });

  test('fail_fast stops starting combinations after the first failure', async () => {
    const r = await build({ plan: [{
      ...task('maybe', 'test "((.:v))" != 2'), fail_fast: true,
      across: [{ var: 'v', values: [1, 2, 3, 4] }],
    }] });
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.tasks, ['maybe', 'maybe']);
  });
});

describe('a job using every modifier and hook', () => {
  test('gives the step outcomes and final status Concourse would', async () => {
    const r = await build({
      plan: [
        { in_parallel: [ok('unit'), { try: fail('lint') }] },
        { try: { ...fail('flaky'), attempts: 2, on_failure: ok('report-flaky') } },
        { try: { ...task('slow', 'sleep 30'), timeout: '500ms', on_failure: ok('timed-out') } },
        { ...task('deploy', 'echo "deploy ((.:env))"'), across: [{ var: 'env', values: ['a', 'b'], max_in_flight: 'all' }], on_success: ok('deployed') },
        { ...fail('smoke'), on_failure: ok('smoke-failed'), on_error: ok('never-error'), on_abort: ok('never-abort') },
        ok('never-reached'),
      ],
      on_success: ok('job-success'), on_failure: ok('job-failure'), on_error: ok('job-error'), on_abort: ok('job-abort'),
      ensure: ok('job-ensure'),
    });
    assert.equal(r.status, 'failed');
    assert.deepEqual([...r.tasks.slice(0, 2)].sort(), ['lint', 'unit']);
    assert.deepEqual(r.tasks.slice(2), [
      'flaky', 'flaky', 'report-flaky', 'timed-out', 'deploy', 'deploy', 'deployed', 'smoke', 'smoke-failed', 'job-failure', 'job-ensure',
    ]);
    assert.deepEqual(r.log.errors(), ['timeout exceeded']);
    assert.match(r.log.text(), /deploy a\n[^]*deploy b\n|deploy b\n[^]*deploy a\n/);
  });
});

describe('build status events', () => {
  test('a build opens with status started and closes with its final status', async () => {
    const r = await build({ plan: [ok('a')] });
    const statuses = r.log.of('status').map((e) => e.data.status);
    assert.deepEqual(statuses, ['started', 'succeeded']);
    assert.ok(r.log.events.every((e) => typeof e.version === 'string'));
  });
});
