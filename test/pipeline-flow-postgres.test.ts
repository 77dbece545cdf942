// The flow on a real PostgreSQL server: LISTEN/NOTIFY between the checker, the scheduler and
// the build tracker goes through the server's own notifications, and the scheduler's
// advisory locks are PostgreSQL's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { GitRepo } from './testkit/git-repo';
import { freshDatabase } from './testkit/postgres';
import { checkResource, getJob, inputVersions, setPipeline, shTask, startFlowNode, waitForFinished, type FlowNode } from './pipeline-flow-kit';

let f: FlowNode;
const repo = GitRepo.init();

before(async () => {
  f = await startFlowNode({ postgresUrl: await freshDatabase() });
});
after(async () => {
  await f?.close();
  repo.remove();
});

test('on PostgreSQL a commit triggers unit, and its success triggers build through passed', async () => {
  const c1 = repo.commit('one');
  await setPipeline(f, 'pg-flow', `resources:
- name: repo
  type: git
  check_every: never
  source: {uri: ${repo.dir}, branch: main}
jobs:
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
  assert.equal((await checkResource(f, 'pg-flow', 'repo')).status, 'succeeded');
  const builds = await waitForFinished(f, 'pg-flow', 'build', 1);
  assert.deepEqual(await inputVersions(f, builds, 'repo'), { 1: c1 });
  const c2 = repo.commit('two');
  await checkResource(f, 'pg-flow', 'repo');
  const again = await waitForFinished(f, 'pg-flow', 'build', 2);
  assert.deepEqual(await inputVersions(f, again, 'repo'), { 1: c1, 2: c2 });
  assert.equal((await getJob(f, 'pg-flow', 'build')).gantry_status?.reason, 'no new versions of trigger inputs');
});
