// Pipelines that run themselves, end to end: a real web node on PGlite with the in-process
// runc worker, real git repositories, tiny busybox tasks. Each scenario has its own pipeline
// and repository, and they run side by side on one node.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GitRepo } from './testkit/git-repo';
import {
  P, checkResource, getJob, inputVersions, jobBuilds, setPipeline, shTask, startFlowNode, versionIds,
  waitFor, waitForFinished, type FlowNode,
} from './pipeline-flow-kit';

let f: FlowNode;
const repos: GitRepo[] = [];
const repo = (): GitRepo => {
  const r = GitRepo.init();
  repos.push(r);
  return r;
};

before(async () => {
  f = await startFlowNode();
});
after(async () => {
  await f?.close();
  for (const r of repos) r.remove();
});

const gitResource = (r: GitRepo, extra = 'check_every: never'): string =>
  `resources:\n- name: repo\n  type: git\n  ${extra}\n  source: {uri: ${r.dir}, branch: main}\n`;

describe('pipeline flow', { concurrency: true }, () => {
  test('commits flow unit → build → two deploys → promote, in order, and promote waits for both deploys', async () => {
    const r = repo();
    const c1 = r.commit('one');
    await setPipeline(f, 'promo', `${gitResource(r)}jobs:
- name: unit
  plan:
  - get: repo
    trigger: true
${shTask('test', 'sleep 1')}
- name: build
  plan:
  - get: repo
    trigger: true
    passed: [unit]
${shTask('compile')}
- name: deploy-a
  plan:
  - get: repo
    trigger: true
    passed: [build]
${shTask('deploy')}
- name: deploy-b
  plan:
  - get: repo
    trigger: true
    passed: [build]
${shTask('deploy', 'test ! -e repo/break-b', ['repo'])}
- name: promote
  plan:
  - get: repo
    trigger: true
    passed: [deploy-a, deploy-b]
${shTask('promote')}
`);
    await checkResource(f, 'promo', 'repo');
    // A second commit arrives while unit #1 runs.
    await waitFor('unit #1 to start', async () => (await jobBuilds(f, 'promo', 'unit'))[0]?.status === 'started');
    const c2 = r.commit('two');
    await checkResource(f, 'promo', 'repo');
    const units = await waitForFinished(f, 'promo', 'unit', 2);
    assert.deepEqual(await inputVersions(f, units, 'repo'), { 1: c1, 2: c2 });
    const promoted = await waitFor('promote with the second commit', async () => {
      const builds = await jobBuilds(f, 'promo', 'promote');
      const used = await inputVersions(f, builds, 'repo');
      return Object.values(used).includes(c2) && builds.every((b) => b.status === 'succeeded') ? used : undefined;
    }, 180_000);
    // In order: promote never went back to an older commit.
    const order = Object.values(promoted);
    assert.equal(order.at(-1), c2);
    assert.ok(order.length === 1 || order[0] === c1, `promote order ${JSON.stringify(order)}`);
    for (const job of ['deploy-a', 'deploy-b']) {
      assert.ok(Object.values(await inputVersions(f, await jobBuilds(f, 'promo', job), 'repo')).includes(c2), `${job} deployed c2`);
    }

    // deploy-b fails the third commit: promote must not run with it.
    const promoteCount = (await jobBuilds(f, 'promo', 'promote')).length;
    const c3 = r.commit('three', { 'break-b': 'x\n' });
    await checkResource(f, 'promo', 'repo');
    const failedB = await waitFor('deploy-b to fail on c3', async () => {
      const builds = await jobBuilds(f, 'promo', 'deploy-b');
      const used = await inputVersions(f, builds, 'repo');
      const b = builds.find((x) => used[x.name] === c3);
      return b && b.status !== 'pending' && b.status !== 'started' ? b : undefined;
    }, 180_000);
    assert.equal(failedB.status, 'failed');
    await waitFor('deploy-a to pass c3', async () => {
      const builds = await jobBuilds(f, 'promo', 'deploy-a');
      const used = await inputVersions(f, builds, 'repo');
      return builds.some((b) => used[b.name] === c3 && b.status === 'succeeded');
    });
    await new Promise((res) => setTimeout(res, 500));
    const after3 = await jobBuilds(f, 'promo', 'promote');
    assert.equal(after3.length, promoteCount, 'promote did not run for a version only deploy-a passed');
    assert.equal((await getJob(f, 'promo', 'promote')).gantry_status?.reason, 'no new versions of trigger inputs');
  });

  test('pinning an old version makes the next builds of the job and its downstream use it', async () => {
    const r = repo();
    const c1 = r.commit('one');
    await setPipeline(f, 'pinned', `${gitResource(r)}jobs:
- name: unit
  plan:
  - get: repo
    trigger: true
${shTask('t')}
- name: build
  plan:
  - get: repo
    trigger: true
    passed: [unit]
${shTask('t')}
`);
    await checkResource(f, 'pinned', 'repo');
    await waitForFinished(f, 'pinned', 'build', 1);
    const c2 = r.commit('two');
    await checkResource(f, 'pinned', 'repo');
    await waitForFinished(f, 'pinned', 'build', 2);
    const id = (await versionIds(f, 'pinned', 'repo')).get(c1)!;
    const pin = await f.api.req('PUT', `${P('pinned')}/resources/repo/versions/${id}/pin`, { pin_comment: 'c2 is broken' });
    assert.equal(pin.status, 200);
    const resource = (await f.api.json<{ pinned_version?: { ref: string }; pin_comment?: string }>('GET', `${P('pinned')}/resources/repo`)).body;
    assert.deepEqual([resource.pinned_version?.ref, resource.pin_comment], [c1, 'c2 is broken']);
    assert.equal((await f.api.req('POST', `${P('pinned')}/jobs/unit/builds`)).status, 200);
    const units = await waitForFinished(f, 'pinned', 'unit', 3);
    assert.deepEqual(await inputVersions(f, units, 'repo'), { 1: c1, 2: c2, 3: c1 });
    assert.equal((await f.api.req('POST', `${P('pinned')}/jobs/build/builds`)).status, 200);
    const builds = await waitForFinished(f, 'pinned', 'build', 3);
    assert.deepEqual(await inputVersions(f, builds, 'repo'), { 1: c1, 2: c2, 3: c1 });
  });

  test('version: every builds every version in order', async () => {
    const r = repo();
    const c1 = r.commit('one');
    await setPipeline(f, 'every', `${gitResource(r)}jobs:
- name: each
  plan:
  - get: repo
    trigger: true
    version: every
${shTask('t')}
`);
    await checkResource(f, 'every', 'repo');
    await waitForFinished(f, 'every', 'each', 1);
    const later = [r.commit('two'), r.commit('three'), r.commit('four')];
    await checkResource(f, 'every', 'repo');
    const builds = await waitForFinished(f, 'every', 'each', 4);
    assert.deepEqual(await inputVersions(f, builds, 'repo'), { 1: c1, 2: later[0], 3: later[1], 4: later[2] });
  });

  test('a webhook starts a check and a build without waiting for the interval', async () => {
    const r = repo();
    const c1 = r.commit('one');
    await setPipeline(f, 'hooked', `${gitResource(r, 'check_every: 1h\n  webhook_token: s3cret')}jobs:
- name: unit
  plan:
  - get: repo
    trigger: true
${shTask('t')}
`);
    // The first check runs when the pipeline appears; after it the interval is an hour.
    const first = await waitForFinished(f, 'hooked', 'unit', 1);
    assert.deepEqual(await inputVersions(f, first, 'repo'), { 1: c1 });
    const c2 = r.commit('two');
    const hook = `${P('hooked')}/resources/repo/check/webhook`;
    assert.equal((await fetch(`${f.url}${hook}?webhook_token=wrong`, { method: 'POST' })).status, 401);
    const t0 = Date.now();
    assert.equal((await fetch(`${f.url}${hook}?webhook_token=s3cret`, { method: 'POST' })).status, 201);
    const started = await waitFor('a build of the webhook commit', async () => {
      const builds = await jobBuilds(f, 'hooked', 'unit');
      const b = builds[1];
      return b && b.status !== 'pending' ? b : undefined;
    }, 60_000);
    assert.ok(Date.now() - t0 < 60_000, 'well before the hour-long check interval');
    assert.deepEqual(await inputVersions(f, [started], 'repo'), { 2: c2 });
  });

  test('a failing check shows its error on the resource and the job says why it waits', async () => {
    const missing = `${repo().dir}/no-such-repo`;
    await setPipeline(f, 'broken', `resources:
- name: repo
  type: git
  check_every: never
  source: {uri: ${missing}, branch: main}
jobs:
- name: unit
  plan:
  - get: repo
    trigger: true
${shTask('t')}
`);
    const answer = await checkResource(f, 'broken', 'repo');
    assert.equal(answer.status, 'errored');
    assert.match(answer.check_error ?? '', /no-such-repo/);
    const resource = (await f.api.json<{ failing_to_check?: boolean; check_error?: string }>('GET', `${P('broken')}/resources/repo`)).body;
    assert.equal(resource.failing_to_check, true);
    assert.match(resource.check_error ?? '', /no-such-repo/);
    const status = await waitFor('the job to explain itself', async () => (await getJob(f, 'broken', 'unit')).gantry_status);
    assert.match(status.reason, /^input repo has no version/);
    assert.equal((await jobBuilds(f, 'broken', 'unit')).length, 0);
  });

  test('a serial job queues its builds and says what holds them', async () => {
    await setPipeline(f, 'serial', `jobs:
- name: one-at-a-time
  serial: true
  plan:
${shTask('t', 'sleep 1')}
`);
    for (let i = 0; i < 3; i++) assert.equal((await f.api.req('POST', `${P('serial')}/jobs/one-at-a-time/builds`)).status, 200);
    const reasons = new Set<string>();
    const builds = await waitFor('three finished builds', async () => {
      const reason = (await getJob(f, 'serial', 'one-at-a-time')).gantry_status?.reason;
      if (reason) reasons.add(reason);
      const all = await jobBuilds(f, 'serial', 'one-at-a-time');
      return all.length === 3 && all.every((b) => b.status === 'succeeded') ? all : undefined;
    });
    for (let i = 1; i < builds.length; i++) {
      assert.ok(builds[i]!.start_time! >= builds[i - 1]!.end_time!, `build ${builds[i]!.name} started after ${builds[i - 1]!.name} ended`);
    }
    assert.ok([...reasons].some((r) => /is pending: max in flight reached \(1\)/.test(r)), [...reasons].join(' | '));
  });

  test('disable_manual_trigger refuses a manual trigger', async () => {
    await setPipeline(f, 'locked', `jobs:
- name: hands-off
  disable_manual_trigger: true
  plan:
${shTask('t')}
`);
    const res = await f.api.json<{ errors: string[] }>('POST', `${P('locked')}/jobs/hands-off/builds`);
    assert.equal(res.status, 409);
    assert.deepEqual(res.body.errors, ['manual triggering is disabled for job hands-off']);
    assert.equal((await jobBuilds(f, 'locked', 'hands-off')).length, 0);
  });
});
