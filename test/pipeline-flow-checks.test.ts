// What checks give a user, on a real web node (PGlite) with the runc worker, real git
// repositories and the real CLI: a manual trigger checks the job's inputs first (Concourse 7),
// so the build gets the newest commit even when nothing else checks the repository
// (`check_every: never`), with the uri from a dummy var source (resolved by the check and by
// the get); versions found by a check carry their commit's metadata in resource-versions and
// the API; and log retention moves the job's first_logged_build_id.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GitRepo } from './testkit/git-repo';
import { makeHome, runGantry, type GantryResult } from './testkit/gantry-cli';
import { reapBuildLogs } from '../src/components/scheduler';
import { checkResource, inputVersions, jobBuilds, P, setPipeline, shTask, startFlowNode, waitForFinished, type FlowNode } from './pipeline-flow-kit';

let f: FlowNode;
let home: string;
const repo = GitRepo.init();
const described = GitRepo.init();
const gantry = (...args: string[]): Promise<GantryResult> => runGantry(['-t', 'local', ...args], { home });

before(async () => {
  f = await startFlowNode();
  home = makeHome();
  const login = await gantry('login', '-c', f.url, '-u', 'admin', '-p', 'admin');
  assert.equal(login.code, 0, login.stderr);
});
after(async () => {
  await f?.close();
  repo.remove();
  described.remove();
});

describe('checks seen by a user', () => {
  test('trigger-job checks the inputs first: each build gets the commit made just before it', async () => {
    const c1 = repo.commit('first');
    await setPipeline(f, 'manual', `var_sources:
- name: creds
  type: dummy
  config: {vars: {repo_uri: ${JSON.stringify(repo.dir)}}}
resources:
- name: repo
  type: git
  check_every: never
  source: {uri: ((creds:repo_uri)), branch: main}
jobs:
- name: build
  plan:
  - get: repo
${shTask('show', 'echo "at $(cat repo/.git/ref)"', ['repo'])}
`);
    const first = await gantry('trigger-job', '-j', 'manual/build', '-w');
    assert.equal(first.code, 0, `${first.stdout}\n${first.stderr}`);
    assert.match(first.stdout, new RegExp(`at ${c1}`));

    const c2 = repo.commit('second');
    const second = await gantry('trigger-job', '-j', 'manual/build', '-w');
    assert.equal(second.code, 0, `${second.stdout}\n${second.stderr}`);
    assert.match(second.stdout, new RegExp(`at ${c2}`), 'the new commit, found by the check the trigger asked for');

    const builds = await jobBuilds(f, 'manual', 'build');
    assert.deepEqual(await inputVersions(f, builds, 'repo'), { 1: c1, 2: c2 });
  });

  test('versions found by a check show their commit metadata in resource-versions and the API', async () => {
    const c1 = described.commit('add the parser\n\nlonger body');
    await setPipeline(f, 'described', `resources:
- name: repo
  type: git
  check_every: never
  source: {uri: ${JSON.stringify(described.dir)}, branch: main}
jobs:
- name: j
  plan:
  - get: repo
`);
    assert.equal((await checkResource(f, 'described', 'repo')).status, 'succeeded');
    const c2 = described.commit('fix the parser');
    assert.equal((await checkResource(f, 'described', 'repo')).status, 'succeeded');

    const api = await f.api.json<{ version: { ref: string }; metadata?: { name: string; value: string }[] }[]>('GET', `${P('described')}/resources/repo/versions`);
    const byRef = new Map(api.body.map((v) => [v.version.ref, Object.fromEntries((v.metadata ?? []).map((m) => [m.name, m.value]))]));
    assert.deepEqual([...byRef.keys()], [c2, c1]);
    assert.deepEqual(byRef.get(c1), {
      commit: c1, author: 'Ada Author', author_date: '2024-01-01 12:01:00 +0000',
      committer: 'Ada Author', committer_date: '2024-01-01 12:01:00 +0000', branch: 'main', message: 'add the parser\n\nlonger body',
    });
    assert.equal(byRef.get(c2)?.message, 'fix the parser');

    const table = await gantry('resource-versions', '-r', 'described/repo', '--print-table-headers');
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^id\s+version\s+enabled\s+metadata$/);
    assert.match(lines[1]!, new RegExp(`ref:${c2}\\s+yes\\s+author: Ada Author, .*message: fix the parser`));
    assert.match(lines[2]!, /message: add the parser$/, 'the first line of a long message');
    assert.ok(!lines[1]!.includes(`commit: ${c2}`), 'the commit is already the version');
  });

  test('build_log_retention reaps old logs and the job JSON shows first_logged_build_id', async () => {
    await setPipeline(f, 'retained', `jobs:
- name: j
  build_log_retention: {builds: 2}
  plan:
${shTask('t', 'echo hello from the build')}
`);
    for (let n = 1; n <= 3; n++) {
      const r = await f.api.json<{ id: number }>('POST', `${P('retained')}/jobs/j/builds`);
      assert.equal(r.status, 200);
      await waitForFinished(f, 'retained', 'j', n);
    }
    const job = async () => (await f.api.json<{ first_logged_build_id?: number }>('GET', `${P('retained')}/jobs/j`)).body;
    const [b1, b2, b3] = await jobBuilds(f, 'retained', 'j');
    // The node's own reaper runs every 5 minutes (and at start): either of them may reap b1.
    await reapBuildLogs(f.node.store, Date.now());
    assert.equal((await job()).first_logged_build_id, b2!.id);
    const events = async (id: number) => (await f.node.store.events.list(id)).length;
    assert.equal(await events(b1!.id), 0);
    assert.ok((await events(b2!.id)) > 0 && (await events(b3!.id)) > 0);
  });
});
