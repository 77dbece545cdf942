// The real gantry CLI against a real web node: set-team with Concourse's roles
// file, teams, destroy-team, and what a viewer may not do.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeHome, runGantry } from './testkit/gantry-cli';
import { startTestWebNode, type TestWebNode } from './testkit/web-node';

const ROLES = `roles:
- name: owner
  local:
    users: [alice]
- name: viewer
  local:
    users: [vic]
`;

const PIPELINE = `jobs:
- name: unit
  plan:
  - task: t
    config: {platform: linux, run: {path: "true"}}
`;

describe('gantry teams and roles against a web node', () => {
  let node: TestWebNode;
  let home: string;
  let dir: string;
  const as = (target: string) => (args: string[], input?: string) => runGantry(['-t', target, ...args], { home, input });
  const admin = as('admin');
  const viewer = as('viewer');

  before(async () => {
    node = await startTestWebNode({
      localUsers: ['admin', 'alice', 'vic'].map((u) => ({ username: u, password: `${u}-pw` })),
      mainTeamUsers: ['admin'],
    });
    home = makeHome();
    dir = mkdtempSync(join(tmpdir(), 'gantry-teams-'));
    const r = await admin(['login', '-c', node.url, '-u', 'admin', '-p', 'admin-pw']);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await node?.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  test('set-team shows the roles, asks, and creates the team', async () => {
    const config = join(dir, 'team.yml');
    writeFileSync(config, ROLES);
    const no = await admin(['set-team', '-n', 'dev', '-c', config], 'n\n');
    assert.equal(no.code, 1);
    assert.equal(no.stderr, 'error: bailing out\n');
    assert.equal(
      no.stdout,
      'setting team: dev\n\nrole owner:\n  users:\n  - local:alice\n\n  groups:\n    none\n\n' +
        'role viewer:\n  users:\n  - local:vic\n\n  groups:\n    none\n\napply team configuration? [yN]: \n',
    );
    const yes = await admin(['set-team', '-n', 'dev', '-c', config], 'y\n');
    assert.equal(yes.code, 0, yes.stderr);
    assert.match(yes.stdout, /team created\n$/);
    const again = await admin(['set-team', '-n', 'dev', '-c', config, '--non-interactive']);
    assert.match(again.stdout, /team updated\n$/);
  });

  test('a roles file with an unknown role is refused before anything is sent', async () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'roles:\n- name: boss\n  local: {users: [x]}\n');
    const r = await admin(['set-team', '-n', 'other', '-c', bad, '--non-interactive']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `${bad}:2:9: error: roles[0].name: unknown role 'boss' (roles are owner, member, pipeline-operator, viewer)\n`);
    assert.equal(r.stdout, '');
  });

  test('teams lists names, and with -d who holds each role', async () => {
    assert.equal((await admin(['teams'])).stdout, 'dev\nmain\n');
    const details = await admin(['teams', '-d', '--print-table-headers']);
    const lines = details.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^name\/role\s+users\s+groups$/);
    assert.ok(lines.some((l) => /^dev\/owner\s+local:alice\s+none$/.test(l)), details.stdout);
    assert.ok(lines.some((l) => /^dev\/viewer\s+local:vic\s+none$/.test(l)), details.stdout);
    assert.ok(lines.some((l) => /^main\/owner\s+local:admin\s+none$/.test(l)), details.stdout);
    const json = JSON.parse((await admin(['teams', '--json'])).stdout) as { name: string }[];
    assert.deepEqual(json.map((t) => t.name).sort(), ['dev', 'main']);
  });

  test('a viewer sees the team\'s pipelines but cannot set, pause or destroy them', async () => {
    const file = join(dir, 'p.yml');
    writeFileSync(file, PIPELINE);
    const set = await admin(['set-pipeline', '-n', '-p', 'app', '-c', file, '--team', 'dev']);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /--team dev\n/);
    await admin(['set-pipeline', '-n', '-p', 'secret', '-c', file]);
    const login = await viewer(['login', '-c', node.url, '-n', 'dev', '-u', 'vic', '-p', 'vic-pw']);
    assert.equal(login.code, 0, login.stderr);
    const listed = JSON.parse((await viewer(['pipelines', '--json'])).stdout) as { name: string }[];
    assert.deepEqual(listed.map((p) => p.name), ['app']);
    const all = JSON.parse((await viewer(['pipelines', '-a', '--json'])).stdout) as { name: string }[];
    assert.ok(!all.some((p) => p.name === 'secret'), "another team's pipeline stays invisible");
    const changed = join(dir, 'p2.yml');
    writeFileSync(changed, PIPELINE.replace('unit', 'lint'));
    const refused = await viewer(['set-pipeline', '-n', '-p', 'app', '-c', changed]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^error: forbidden/);
    const pause = await viewer(['unpause-pipeline', '-p', 'app']);
    assert.equal(pause.code, 1);
    assert.match(pause.stderr, /^error: forbidden/);
    const destroy = await viewer(['destroy-pipeline', '-n', '-p', 'app']);
    assert.equal(destroy.code, 1);
    assert.match(destroy.stderr, /^error: forbidden/);
    const jobs = JSON.parse((await admin(['jobs', '-p', 'app', '--team', 'dev', '--json'])).stdout) as { name: string }[];
    assert.deepEqual(jobs.map((j) => j.name), ['unit'], 'the config is unchanged');
  });

  test('without a login only exposed pipelines are listed', async () => {
    const anon = as('anon');
    assert.equal((await anon(['login', '-c', node.url, '-u', 'admin', '-p', 'admin-pw'])).code, 0);
    assert.equal((await anon(['logout'])).code, 0);
    assert.equal((await admin(['expose-pipeline', '-p', 'app', '--team', 'dev'])).stdout, "exposed 'app'\n");
    const r = await anon(['pipelines', '-a', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { name: string; team_name: string }[]).map((p) => `${p.team_name}/${p.name}`), ['dev/app']);
    const jobs = await anon(['jobs', '-p', 'app', '--team', 'dev', '--json']);
    assert.equal(jobs.code, 0, jobs.stderr);
    const config = await anon(['get-pipeline', '-p', 'app', '--team', 'dev']);
    assert.equal(config.code, 1);
    assert.equal(config.stderr, 'not authorized. run the following command: gantry -t anon login\n');
  });

  test('a viewer may not destroy the team', async () => {
    const r = await viewer(['destroy-team', '-n', 'dev', '--non-interactive']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /could not destroy `dev`/);
  });

  test('destroy-team asks to type the name', async () => {
    const wrong = await admin(['destroy-team', '-n', 'dev'], 'deev\n');
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr, 'error: incorrect team name; bailing out\n');
    const right = await admin(['destroy-team', '-n', 'dev'], 'dev\n');
    assert.equal(right.code, 0, right.stderr);
    assert.equal(right.stdout, '!!! this will remove all data for team `dev`\n\nplease type the team name to confirm: \n\n`dev` deleted\n');
    assert.equal((await admin(['teams'])).stdout, 'main\n');
  });
});
