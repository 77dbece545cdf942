// The pipeline commands as a user types them, against a real web node with the runc worker:
// trigger-job -w (exit codes), rerun-build, check-resource, resource-versions, pin/unpin,
// disable/enable versions, pause-job, and `jobs` explaining why a job does not run. On the
// test PostgreSQL server (the flow itself is covered on PGlite by pipeline-flow.test.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GitRepo } from './testkit/git-repo';
import { makeHome, runGantry, type GantryResult } from './testkit/gantry-cli';
import { jobBuilds, setPipeline, shTask, startFlowNode, waitForFinished, type FlowNode } from './pipeline-flow-kit';

let f: FlowNode;
let home: string;
const repo = GitRepo.init();
const gantry = (...args: string[]): Promise<GantryResult> => runGantry(['-t', 'local', ...args], { home });

before(async () => {
  f = await startFlowNode({ postgres: true });
  home = makeHome();
  const login = await gantry('login', '-c', f.url, '-u', 'admin', '-p', 'admin');
  assert.equal(login.code, 0, login.stderr);
});
after(async () => {
  await f?.close();
  repo.remove();
});

describe('pipeline commands', () => {
  test('trigger-job -w follows the build and exits with its status; rerun-build reruns it', async () => {
    await setPipeline(f, 'cli-run', `jobs:
- name: green
  plan:
${shTask('t', 'echo all good')}
- name: red
  plan:
${shTask('t', 'echo about to fail; exit 3')}
- name: locked
  disable_manual_trigger: true
  plan:
${shTask('t')}
`);
    const green = await gantry('trigger-job', '-j', 'cli-run/green', '-w');
    assert.equal(green.code, 0, green.stderr);
    assert.match(green.stdout, /^started cli-run\/green #1\n/);
    assert.match(green.stdout, /all good/);
    assert.match(green.stdout, /succeeded/);
    const red = await gantry('trigger-job', '-j', 'cli-run/red', '-w');
    assert.equal(red.code, 3, 'as fly: the failed task\'s exit status');
    assert.match(red.stdout, /about to fail/);
    const locked = await gantry('trigger-job', '-j', 'cli-run/locked');
    assert.equal(locked.code, 1);
    assert.equal(locked.stderr, 'error: manual triggering is disabled for job locked\n');
    const rerun = await gantry('rerun-build', '-j', 'cli-run/green', '-b', '1', '-w');
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stdout, /^started cli-run\/green #1\.1\n/);
    const missing = await gantry('trigger-job', '-j', 'cli-run/nope');
    assert.equal(missing.code, 1);
  });

  test('check-resource, resource-versions, pin, unpin, disable and enable a version', async () => {
    const c1 = repo.commit('one');
    await setPipeline(f, 'cli-versions', `resources:
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
`);
    const checked = await gantry('check-resource', '-r', 'cli-versions/repo');
    assert.equal(checked.code, 0, checked.stderr);
    assert.equal(checked.stdout, 'checking cli-versions/repo\nsucceeded\n');
    await waitForFinished(f, 'cli-versions', 'unit', 1);
    const c2 = repo.commit('two');
    assert.equal((await gantry('check-resource', '-r', 'cli-versions/repo')).code, 0);
    await waitForFinished(f, 'cli-versions', 'unit', 2);
    const listed = JSON.parse((await gantry('resource-versions', '-r', 'cli-versions/repo', '--json')).stdout) as { version: { ref: string }; enabled: boolean }[];
    assert.deepEqual(listed.map((v) => v.version.ref), [c2, c1]);

    const pinned = await gantry('pin-resource', '-r', 'cli-versions/repo', '-v', `ref:${c1}`, '-c', 'hold on');
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.equal(pinned.stdout, `pinned 'cli-versions/repo' with version {"ref":"${c1}"}\npin comment 'hold on' is saved\n`);
    const table = await gantry('resource-versions', '-r', 'cli-versions/repo');
    assert.match(table.stdout, new RegExp(`ref:${c1} \\(pinned\\)`));
    assert.equal((await gantry('unpin-resource', '-r', 'cli-versions/repo')).stdout, "unpinned 'cli-versions/repo'\n");

    const disabled = await gantry('disable-resource-version', '-r', 'cli-versions/repo', '-v', `ref:${c2}`);
    assert.equal(disabled.stdout, `disabled 'cli-versions/repo' with version {"ref":"${c2}"}\n`);
    const after = JSON.parse((await gantry('resource-versions', '-r', 'cli-versions/repo', '--json')).stdout) as { enabled: boolean }[];
    assert.deepEqual(after.map((v) => v.enabled), [false, true]);
    assert.equal((await gantry('enable-resource-version', '-r', 'cli-versions/repo', '-v', `ref:${c2}`)).code, 0);
    const nothing = await gantry('pin-resource', '-r', 'cli-versions/repo', '-v', 'ref:nope');
    assert.equal(nothing.code, 1);
    assert.equal(nothing.stderr, 'error: could not find version matching {"ref":"nope"}\n');
  });

  test('a failing check prints its error and exits 1', async () => {
    await setPipeline(f, 'cli-broken', `resources:
- name: repo
  type: git
  check_every: never
  source: {uri: ${repo.dir}/missing, branch: main}
jobs:
- name: unit
  plan:
  - get: repo
    trigger: true
`);
    const r = await gantry('check-resource', '-r', 'cli-broken/repo');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /missing/);
    assert.match(r.stdout, /^checking cli-broken\/repo\nerrored\n$/);
  });

  test('pause-job stops a job from running and jobs -p says why', async () => {
    const own = GitRepo.init();
    own.commit('one');
    await setPipeline(f, 'cli-paused', `resources:
- name: repo
  type: git
  check_every: never
  source: {uri: ${own.dir}, branch: main}
jobs:
- name: unit
  plan:
  - get: repo
    trigger: true
`);
    assert.equal((await gantry('pause-job', '-j', 'cli-paused/unit')).stdout, "paused 'unit'\n");
    assert.equal((await gantry('check-resource', '-r', 'cli-paused/repo')).code, 0);
    let table = '';
    for (let i = 0; i < 100 && !/job paused/.test(table); i++) {
      table = (await gantry('jobs', '-p', 'cli-paused', '--print-table-headers')).stdout;
      if (!/job paused/.test(table)) await new Promise((res) => setTimeout(res, 100));
    }
    assert.match(table, /^name\s+paused\s+status\s+next\s+why\nunit\s+yes\s+n\/a\s+n\/a\s+job paused\n$/);
    assert.equal((await jobBuilds(f, 'cli-paused', 'unit')).length, 0);
    assert.equal((await gantry('unpause-job', '-j', 'cli-paused/unit')).stdout, "unpaused 'unit'\n");
    await waitForFinished(f, 'cli-paused', 'unit', 1);
    own.remove();
  });
});
