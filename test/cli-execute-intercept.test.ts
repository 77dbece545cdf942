// `gantry intercept` and `gantry containers` through the real CLI: a command run in the
// container of a running execute, its output and exit status; a viewer may not.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeHome, runGantry, startGantry } from './testkit/gantry-cli';
import { startTestWebNode, type TestWebNode } from './testkit/web-node';

const TASK = `platform: linux
image_resource: {type: mock, source: {mirror_self: true}}
run: {path: sh, args: [-c, 'echo waiting > /tmp/marker; echo waiting; sleep 120']}
`;

const PIPELINE = `resources:
- name: thing
  type: mock
  source: {create_files: {hello.txt: from-the-job}}
jobs:
- name: j
  plan:
  - get: thing
`;

const FROM_JOB = `platform: linux
image_resource: {type: mock, source: {mirror_self: true}}
inputs: [{name: stuff}]
run: {path: sh, args: [-c, 'cat stuff/hello.txt stuff/version']}
`;

describe('gantry intercept into a running one-off build', () => {
  let node: TestWebNode;
  let home: string;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gantry-intercept-'));
    node = await startTestWebNode({
      localUsers: [{ username: 'admin', password: 'pw' }, { username: 'vic', password: 'pw' }],
      mainTeamUsers: ['admin'],
      workerDir: join(dir, 'worker'),
    });
    await node.store.teams.save('main', { owner: { users: ['local:admin'], groups: [] }, viewer: { users: ['local:vic'], groups: [] } });
    home = makeHome();
    for (const u of ['admin', 'vic']) assert.equal((await runGantry(['-t', u, 'login', '-c', node.url, '-u', u, '-p', 'pw'], { home })).code, 0);
  });

  after(async () => {
    await node?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('runs a command in the task container, lists it, and exits with its status', async () => {
    writeFileSync(join(dir, 'task.yml'), TASK);
    const exec = startGantry(['-t', 'admin', 'execute', '-c', join(dir, 'task.yml')], { home });
    exec.answer('');
    await exec.waitFor(/waiting/);
    const build = (await node.store.builds.listRunning()).find((b) => b.status === 'started')!;
    const listed = await runGantry(['-t', 'admin', 'containers'], { home });
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`local +none +none +${build.name} +${build.id} +task +one-off`));
    const inside = await runGantry(['-t', 'admin', 'intercept', '-b', String(build.id), '-s', 'one-off', '--', 'sh', '-c', 'cat /tmp/marker; exit 7'], { home });
    assert.equal(inside.stdout, 'waiting\n');
    assert.equal(inside.code, 7, inside.stderr);
    const viewer = await runGantry(['-t', 'vic', 'intercept', '-b', String(build.id), '--', 'true'], { home });
    assert.equal(viewer.code, 1);
    assert.match(viewer.stderr, /forbidden|no containers/);
    const none = await runGantry(['-t', 'admin', 'intercept', '-b', '999999', '--', 'true'], { home });
    assert.match(none.stderr, /no containers matched your search parameters/);
    assert.equal((await runGantry(['-t', 'admin', 'abort-build', '-b', String(build.id)], { home })).code, 0);
    assert.equal((await exec.done).code, 3);
  });

  test('execute --inputs-from takes the resolved inputs of the job (-m maps names)', async () => {
    writeFileSync(join(dir, 'p.yml'), PIPELINE);
    writeFileSync(join(dir, 'from-job.yml'), FROM_JOB);
    const admin = (args: string[]) => runGantry(['-t', 'admin', ...args], { home });
    assert.equal((await admin(['set-pipeline', '-p', 'p', '-c', join(dir, 'p.yml'), '-n'])).code, 0);
    assert.equal((await admin(['check-resource', '-r', 'p/thing', '-f', 'version:v7'])).code, 0);
    const r = await admin(['execute', '-c', join(dir, 'from-job.yml'), '-j', 'p/j', '-m', 'stuff=thing']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /fetching version: v7\n/);
    assert.match(r.stdout, /from-the-jobv7\n?succeeded\n$/);
    const missing = await admin(['execute', '-c', join(dir, 'from-job.yml'), '-j', 'p/j']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /missing required input `stuff`/);
  });
});
