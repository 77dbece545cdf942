// A manual trigger checks the job's inputs first (Concourse 7), so the build gets the newest
// commit even when nothing else checks the repository (`check_every: never`); the repository's
// uri comes from a dummy var source, resolved by the check and by the get. A real web node
// (PGlite) with the runc worker, a real git repository, the real CLI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GitRepo } from './testkit/git-repo';
import { makeHome, runGantry, type GantryResult } from './testkit/gantry-cli';
import { inputVersions, jobBuilds, setPipeline, shTask, startFlowNode, type FlowNode } from './pipeline-flow-kit';

let f: FlowNode;
let home: string;
const repo = GitRepo.init();
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
});

describe('manual trigger', () => {
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
});
