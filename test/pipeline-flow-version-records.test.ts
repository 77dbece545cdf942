// What builds record into a resource's version history, on a real web node (PGlite) with the
// runc worker and real git: a put to a resource nobody checked files its version under the
// same history the checker later uses, also when the uri comes from a var source; and the
// metadata a get's `in` reports is kept on that version, as Concourse does.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkResource, jobBuilds, P, setPipeline, startFlowNode, waitForFinished, type FlowNode } from './pipeline-flow-kit';
import { GitRepo } from './testkit/git-repo';

let f: FlowNode;
const repos: GitRepo[] = [];
before(async () => {
  f = await startFlowNode();
});
after(async () => {
  await f?.close();
  for (const r of repos) r.remove();
});

type ApiVersion = { id: number; version: Record<string, string>; metadata?: { name: string; value: string }[] };
const versionsOf = async (pipeline: string, resource: string): Promise<ApiVersion[]> =>
  (await f.api.json<ApiVersion[]>('GET', `${P(pipeline)}/resources/${resource}/versions`)).body;

async function runJob(pipeline: string, job: string, count: number): Promise<void> {
  const res = await f.api.req('POST', `${P(pipeline)}/jobs/${job}/builds`);
  assert.equal(res.status, 200, await res.text());
  const builds = await waitForFinished(f, pipeline, job, count);
  assert.equal(builds[count - 1]!.status, 'succeeded', `build ${builds[count - 1]!.name} of ${job}`);
}

describe('versions recorded by builds', () => {
  test('a put before any check, to a git uri from a dummy var source, is in the history the check continues', async () => {
    const repo = GitRepo.init();
    repos.push(repo);
    repo.commit('base');
    repo.branch('feature', { checkout: true });
    const pushed = repo.commit('feature work');
    repo.checkout('main');
    await setPipeline(f, 'put-vars', `var_sources: [{name: creds, type: dummy, config: {vars: {target: ${JSON.stringify(repo.dir)}}}}]
resources:
- name: feature
  type: git
  check_every: never
  source: {uri: ${JSON.stringify(repo.dir)}, branch: feature}
- name: target
  type: git
  check_every: never
  source: {uri: ((creds:target)), branch: main}
jobs:
- name: ship
  plan:
  - get: feature
  - put: target
    params: {repository: feature}
`);
    await runJob('put-vars', 'ship', 1);
    assert.equal(repo.head('main'), pushed, 'the put pushed the feature commit to main');
    const target = (await f.node.store.resources.get((await f.node.store.pipelines.get({ team: 'main', name: 'put-vars' }))!.id, 'target'))!;
    const filedUnder = target.scopeId;
    assert.notEqual(filedUnder, null, 'the put gave the resource its history');
    assert.deepEqual((await versionsOf('put-vars', 'target')).map((v) => v.version.ref), [pushed]);

    // A commit after the put: the check goes on from the put's version in the same history.
    const later = repo.commit('after the put');
    assert.equal((await checkResource(f, 'put-vars', 'target')).status, 'succeeded');
    const afterCheck = (await f.node.store.resources.getById(target.id))!;
    assert.equal(afterCheck.scopeId, filedUnder, 'the check uses the history the put filed under');
    assert.deepEqual((await versionsOf('put-vars', 'target')).map((v) => v.version.ref), [later, pushed]);
    const [build] = await jobBuilds(f, 'put-vars', 'ship');
    const outputs = await f.node.store.builds.outputs(build!.id);
    assert.deepEqual(outputs.map((o) => [o.name, o.version.ref]), [['target', pushed]]);
  });

  test('the metadata a get reports is kept on the version a check found without any', async () => {
    await setPipeline(f, 'get-meta', `resources:
- name: m
  type: mock
  check_every: never
  source: {initial_version: v1, metadata: [{name: greeting, value: hello}, {name: build, value: "42"}]}
jobs:
- name: fetch
  plan:
  - get: m
`);
    assert.equal((await checkResource(f, 'get-meta', 'm')).status, 'succeeded');
    const checked = await versionsOf('get-meta', 'm');
    assert.deepEqual(checked.map((v) => [v.version.version, v.metadata ?? []]), [['v1', []]], 'mock check describes nothing');
    await runJob('get-meta', 'fetch', 1);
    const fetched = await versionsOf('get-meta', 'm');
    assert.deepEqual(fetched.map((v) => [v.id, v.version.version, v.metadata]),
      [[checked[0]!.id, 'v1', [{ name: 'greeting', value: 'hello' }, { name: 'build', value: '42' }]]]);
  });
});
