// The real gantry CLI against a real web node: logging in and out, saved
// targets, status, userinfo, and how a missing or bad token is reported.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { makeHome, runGantry } from './testkit/gantry-cli';
import { startTestWebNode, type TestWebNode } from './testkit/web-node';

describe('gantry login, targets, status, userinfo, logout', () => {
  let node: TestWebNode;
  let home: string;
  const gantry = (args: string[], input?: string) => runGantry(args, { home, input });

  before(async () => {
    node = await startTestWebNode({
      localUsers: [{ username: 'admin', password: 'admin' }, { username: 'ann', password: 'ann-pw' }],
      mainTeamUsers: ['admin'],
    });
    home = makeHome();
  });
  after(async () => {
    await node?.close();
    rmSync(home, { recursive: true, force: true });
  });

  test('login -c -u -p saves a target in ~/.gantryrc, mode 0600', async () => {
    const r = await gantry(['-t', 'local', 'login', '-c', node.url, '-u', 'admin', '-p', 'admin']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "logging in to team 'main'\n\n\ntarget saved\n");
    const rc = join(home, '.gantryrc');
    assert.equal(statSync(rc).mode & 0o777, 0o600);
    const saved = parse(readFileSync(rc, 'utf8')).targets.local;
    assert.equal(saved.api, node.url);
    assert.equal(saved.team, 'main');
    assert.equal(saved.token.type, 'bearer');
    assert.ok(saved.token.value.length > 20);
  });

  test('targets lists the saved target with its token expiry', async () => {
    const r = await gantry(['targets', '--print-table-headers']);
    assert.equal(r.code, 0, r.stderr);
    const [header, row] = r.stdout.trimEnd().split('\n');
    assert.match(header!, /^name\s+url\s+team\s+expiry$/);
    assert.match(row!, new RegExp(`^local\\s+${node.url.replace(/[.]/g, '\\.')}\\s+main\\s+\\w{3}, \\d{2} \\w{3} \\d{4} [\\d:]{8} UTC$`));
  });

  test('status and userinfo use the saved token', async () => {
    const status = await gantry(['-t', 'local', 'status']);
    assert.equal(status.stdout, 'logged in successfully\n');
    const info = await gantry(['-t', 'local', 'userinfo']);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /^admin\s+main\/owner\n$/);
    const json = JSON.parse((await gantry(['-t', 'local', 'userinfo', '--json'])).stdout);
    assert.equal(json.is_admin, true);
    assert.deepEqual(json.teams, { main: ['owner'] });
  });

  test('login without -u/-p asks for them on stdin', async () => {
    const r = await gantry(['-t', 'again', 'login', '-c', node.url], 'admin\nadmin\n');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /username: \npassword: \n\ntarget saved\n$/);
  });

  test('a wrong password is refused and nothing is saved', async () => {
    const r = await gantry(['-t', 'wrong', 'login', '-c', node.url, '-u', 'admin', '-p', 'nope']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: invalid username or password\n');
    assert.equal(parse(readFileSync(join(home, '.gantryrc'), 'utf8')).targets.wrong, undefined);
  });

  test('logging in to a team you are not in is refused', async () => {
    const r = await gantry(['-t', 'ann', 'login', '-c', node.url, '-u', 'ann', '-p', 'ann-pw', '-n', 'main']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "error: you are not a member of 'main' or the team does not exist\n");
  });

  test('a token the server does not accept says how to log in again', async () => {
    const rc = join(home, '.gantryrc');
    const doc = parse(readFileSync(rc, 'utf8'));
    doc.targets.stale = { api: node.url, team: 'main', token: { type: 'bearer', value: 'not-a-real-token' } };
    writeFileSync(rc, stringify(doc), { mode: 0o600 });
    const r = await gantry(['-t', 'stale', 'teams']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'not authorized. run the following command: gantry -t stale login\n');
    assert.equal(r.stdout, '');
  });

  test('no target, an unknown target and an unreachable server are explained', async () => {
    const none = await gantry(['pipelines']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^no target specified\. specify the target with -t or log in like so:\n\n {4}gantry -t \(alias\) login -c \(concourse url\)\n$/);
    const unknown = await gantry(['-t', 'nowhere', 'pipelines']);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, 'error: unknown target: nowhere\n');
    const down = await gantry(['-t', 'dead', 'login', '-c', 'http://127.0.0.1:9', '-u', 'a', '-p', 'b']);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /could not reach the Gantry server called dead/);
  });

  test('logout forgets the token; status then says logged out', async () => {
    const r = await gantry(['-t', 'again', 'logout']);
    assert.equal(r.stdout, 'logged out of target: again\n');
    const status = await gantry(['-t', 'again', 'status']);
    assert.equal(status.code, 1);
    assert.equal(status.stderr, 'error: logged out\n');
    const who = await gantry(['-t', 'again', 'userinfo']);
    assert.equal(who.code, 1);
    assert.equal(who.stderr, 'not authorized. run the following command: gantry -t again login\n');
    const back = await gantry(['-t', 'again', 'login', '-u', 'admin', '-p', 'admin']);
    assert.equal(back.code, 0, back.stderr);
  });

  test('logout -a logs out of every target', async () => {
    const r = await gantry(['logout', '-a']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /logged out of all targets\n$/);
    const targets = parse(readFileSync(join(home, '.gantryrc'), 'utf8')).targets;
    assert.ok(Object.values(targets).every((t) => (t as { token: { value: string } }).token.value === ''));
  });

  test('--version prints the version', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const r = await gantry(['--version']);
    assert.equal(r.stdout, `${pkg.version}\n`);
  });
});
