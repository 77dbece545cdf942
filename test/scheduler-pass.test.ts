// The scheduler against a real store (PGlite): what a pass creates and starts, with which
// inputs and plan, what it says about each job, serial groups and max_in_flight, reruns,
// manual triggers, pauses, reaping build logs, and the event-driven loop's reaction time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { openStore } from '../src/store';
import { specsOf } from '../src/api/pipeline-specs';
import { JobStatusBook, reapBuildLogs, readJobStatus, runPipelinePass, Scheduler } from '../src/components/scheduler';
import type { Store } from '../src/ports/store';
import type { Build, JsonObject } from '../src/ports/store-rows';

let store: Store;
let book: JobStatusBook;

before(async () => {
  store = await openStore({ memory: true });
  await store.teams.save('main', {});
  book = new JobStatusBook(store);
});
after(async () => store?.close());

interface Fixture { id: number; job(name: string): Promise<number>; addVersions(resource: string, ...refs: string[]): Promise<void>; checked(resource: string): Promise<void>; builds(job: string): Promise<Build[]>; pass(): Promise<void>; status(job: string): Promise<string | undefined> }

async function pipeline(name: string, yaml: string): Promise<Fixture> {
  const config = parseYaml(yaml) as JsonObject;
  const { pipeline: p } = await store.pipelines.saveConfig({ team: 'main', name, config, ...specsOf(config) });
  await store.pipelines.setPaused(p.id, false);
  const job = async (n: string) => (await store.jobs.get(p.id, n))!.id;
  /** What a check does: find the versions, then mark the history checked. */
  const addVersions = async (resource: string, ...refs: string[]): Promise<void> => {
    const r = (await store.resources.get(p.id, resource))!;
    const scope = await store.versions.findOrCreateScope({ type: r.type, source: (r.config.source ?? {}) as JsonObject });
    if (r.scopeId !== scope.id) await store.resources.setScope(r.id, scope.id);
    await store.versions.saveVersions(scope.id, refs.map((ref) => ({ version: { ref } })));
    await store.versions.checkFinished(scope.id, { succeeded: true, error: null });
  };
  return {
    id: p.id,
    job,
    addVersions,
    checked: (resource) => addVersions(resource),
    async builds(j) {
      return (await store.builds.list({ jobId: await job(j) }, { limit: 100 })).items.reverse();
    },
    async pass() {
      for (let i = 0; i < 10 && (await runPipelinePass(store, p.id, book)).changed; i++);
    },
    async status(j) {
      return (await readJobStatus(store, await job(j)))?.reason;
    },
  };
}

const refsOf = async (b: Build) => (await store.builds.inputs(b.id)).map((i) => `${i.name}=${i.version.ref}`);
const task = '{task: t, config: {platform: linux, image_resource: {type: mock, source: {}}, run: {path: "true"}}}';

describe('scheduler pass', () => {
  test('a new version creates and starts a build with its inputs and a plan that names the version', async () => {
    const p = await pipeline('basic', `resources: [{name: repo, type: mock, source: {n: basic}}]
jobs: [{name: unit, plan: [{get: repo, trigger: true}, ${task}]}]`);
    await p.pass();
    assert.equal((await p.builds('unit')).length, 0);
    assert.match((await p.status('unit'))!, /^input repo has no version/);
    await p.addVersions('repo', 'a1');
    await p.pass();
    const [b] = await p.builds('unit');
    assert.equal(b?.status, 'started');
    assert.deepEqual(await refsOf(b!), ['repo=a1']);
    assert.match(JSON.stringify(b!.plan), /"version":\{"ref":"a1"\}/);
    await p.pass();
    assert.equal((await p.builds('unit')).length, 1, 'no second build for the same version');
    assert.equal(await p.status('unit'), 'no new versions of trigger inputs');
  });

  test('passed: the downstream job gets only versions its upstream job succeeded with', async () => {
    const p = await pipeline('passed', `resources: [{name: repo, type: mock, source: {n: passed}}]
jobs:
- {name: unit, plan: [{get: repo, trigger: true}]}
- {name: ship, plan: [{get: repo, trigger: true, passed: [unit]}]}`);
    await p.addVersions('repo', 'p1');
    await p.pass();
    assert.equal((await p.builds('ship')).length, 0);
    assert.match((await p.status('ship'))!, /input repo has no version: .*unit/);
    const [u1] = await p.builds('unit');
    await store.builds.finish(u1!.id, 'succeeded');
    await p.addVersions('repo', 'p2');
    await p.pass();
    const ship = await p.builds('ship');
    assert.deepEqual(await refsOf(ship[0]!), ['repo=p1'], 'p2 has not passed unit yet');
    assert.deepEqual(await store.builds.pipes(ship[0]!.id), [u1!.id]);
  });

  test('max_in_flight starts two of three manual builds and says what holds the third', async () => {
    const p = await pipeline('limited', `jobs: [{name: j, max_in_flight: 2, plan: [${task}]}]`);
    for (let i = 0; i < 3; i++) await store.builds.createForJob(await p.job('j'), { manuallyTriggered: true });
    await p.pass();
    assert.deepEqual((await p.builds('j')).map((b) => b.status), ['started', 'started', 'pending']);
    assert.equal(await p.status('j'), 'build 3 is pending: max in flight reached (2): running 1, 2');
    await store.builds.finish((await p.builds('j'))[0]!.id, 'succeeded');
    await p.pass();
    assert.deepEqual((await p.builds('j')).map((b) => b.status), ['succeeded', 'started', 'started']);
  });

  test('serial_groups: jobs sharing a group run one at a time, first come first served', async () => {
    const p = await pipeline('grouped', `jobs:
- {name: a, serial_groups: [env], plan: [${task}]}
- {name: b, serial_groups: [env], plan: [${task}]}`);
    await store.builds.createForJob(await p.job('a'), { manuallyTriggered: true });
    await store.builds.createForJob(await p.job('b'), { manuallyTriggered: true });
    await p.pass();
    assert.equal((await p.builds('a'))[0]!.status, 'started');
    assert.equal((await p.builds('b'))[0]!.status, 'pending');
    assert.equal(await p.status('b'), 'build 1 is pending: serial group env is held by job a build 1');
  });

  test('a rerun starts with the inputs of the build it reruns, even when newer versions exist', async () => {
    const p = await pipeline('rerun', `resources: [{name: repo, type: mock, source: {n: rerun}}]
jobs: [{name: unit, plan: [{get: repo, trigger: true}]}]`);
    await p.addVersions('repo', 'r1');
    await p.pass();
    const [first] = await p.builds('unit');
    await store.builds.finish(first!.id, 'failed');
    await store.jobs.setPaused(await p.job('unit'), true);
    await p.addVersions('repo', 'r2');
    const rerun = await store.builds.createRerun(first!.id);
    await store.jobs.setPaused(await p.job('unit'), false);
    await p.pass();
    const again = (await p.builds('unit')).find((b) => b.id === rerun.id)!;
    assert.deepEqual([again.name, again.status], ['1.1', 'started']);
    assert.deepEqual(await refsOf(again), ['repo=r1']);
  });

  test('a manual build waits for a check of its inputs, then for inputs that cannot resolve, and says so', async () => {
    const p = await pipeline('waiting', `resources: [{name: repo, type: mock, source: {n: waiting}}]
jobs: [{name: unit, plan: [{get: repo}]}]`);
    await store.builds.createForJob(await p.job('unit'), { manuallyTriggered: true });
    await p.pass();
    assert.equal((await p.builds('unit'))[0]!.status, 'pending');
    assert.equal(await p.status('unit'), 'build 1 is pending: waiting for the check of input repo (a manual trigger checks its inputs first)');
    await p.checked('repo');
    await p.pass();
    assert.equal((await p.builds('unit'))[0]!.status, 'pending');
    assert.equal(await p.status('unit'), 'build 1 is pending: waiting for input repo');
    await p.addVersions('repo', 'w1');
    await p.pass();
    assert.equal((await p.builds('unit'))[0]!.status, 'started');
  });

  test('a paused job creates nothing until it is unpaused', async () => {
    const p = await pipeline('pausable', `resources: [{name: repo, type: mock, source: {n: pausable}}]
jobs: [{name: unit, plan: [{get: repo, trigger: true}]}]`);
    await store.jobs.setPaused(await p.job('unit'), true);
    await p.addVersions('repo', 'x1');
    await p.pass();
    assert.equal((await p.builds('unit')).length, 0);
    assert.equal(await p.status('unit'), 'job paused');
    await store.jobs.setPaused(await p.job('unit'), false);
    await p.pass();
    assert.equal((await p.builds('unit')).length, 1);
  });

  test('build_log_retention: older builds lose their logs, the newest keep them', async () => {
    const p = await pipeline('retained', `jobs: [{name: j, build_log_retention: {builds: 1}, plan: [${task}]}]`);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const b = await store.builds.createForJob(await p.job('j'), { manuallyTriggered: true });
      await store.events.append(b.id, [{ type: 'log', payload: { payload: `build ${i}` } }]);
      await store.builds.finish(b.id, 'succeeded');
      ids.push(b.id);
    }
    const reaped = await reapBuildLogs(store, Date.now());
    assert.deepEqual(reaped.filter((id) => ids.includes(id)).sort(), [ids[0], ids[1]]);
    assert.deepEqual(await Promise.all(ids.map(async (id) => (await store.events.list(id)).length)), [0, 0, 1]);
    assert.equal((await store.jobs.getById(await p.job('j')))?.firstLoggedBuildId, ids[2], 'first_logged_build_id moves up to the oldest build with a log');
    // A fourth build: the next pass reaps the third and moves it again; never back.
    const b4 = await store.builds.createForJob(await p.job('j'), { manuallyTriggered: true });
    await store.builds.finish(b4.id, 'succeeded');
    assert.deepEqual((await reapBuildLogs(store, Date.now())).filter((id) => id === ids[2] || id === b4.id), [ids[2]]);
    assert.equal((await store.jobs.getById(await p.job('j')))?.firstLoggedBuildId, b4.id);
  });

  test('the running scheduler starts a build on the notification of a new version, not on its safety timer', async () => {
    const p = await pipeline('evented', `resources: [{name: repo, type: mock, source: {n: evented}}]
jobs: [{name: unit, plan: [{get: repo, trigger: true}]}]`);
    // The safety timer never fires during the test: only the new-version notification can
    // wake the scheduler. (How fast it reacts is bench/webhook-latency.ts's row, not a test.)
    const scheduler = new Scheduler({ store, safetyIntervalMs: 3_600_000 });
    await scheduler.start();
    try {
      while (scheduler.passCount === 0) await new Promise((res) => setTimeout(res, 20));
      await new Promise((res) => setTimeout(res, 300)); // the start-up pass over every pipeline ends
      let started!: () => void;
      const seen = new Promise<void>((res) => (started = res));
      const stop = await store.notifier.listen('build_started', () => started());
      await p.addVersions('repo', 'e1');
      await seen;
      await stop();
      assert.equal((await p.builds('unit'))[0]?.status, 'started');
    } finally {
      await scheduler.stop();
    }
  });
});
