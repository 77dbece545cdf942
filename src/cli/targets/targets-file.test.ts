import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { clearToken, deleteTarget, readTargets, saveTarget, targetsPath } from './targets-file';
import { describeExpiry, tokenExpiry } from './token-expiry';

let path: string;
beforeEach(() => {
  path = join(mkdtempSync(join(tmpdir(), 'gantry-rc-')), '.gantryrc');
});
afterEach(() => rmSync(dirname(path), { recursive: true, force: true }));

function jwt(payload: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part(payload)}.sig`;
}

describe('~/.gantryrc', () => {
  test('lives in $HOME like ~/.flyrc, or in $GANTRY_HOME', () => {
    assert.equal(targetsPath({ HOME: '/home/ann' }), join('/home/ann', '.gantryrc'));
    assert.equal(targetsPath({ HOME: '/home/ann', GANTRY_HOME: '/etc/g' }), join('/etc/g', '.gantryrc'));
  });

  test('no file means no targets', async () => {
    assert.deepEqual(await readTargets(path), {});
  });

  test('saves a target in fly\'s shape, readable only by its owner', async () => {
    await saveTarget('ci', { api: 'http://ci.example.com', team: 'main', token: { type: 'bearer', value: 'tok' } }, path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(parse(readFileSync(path, 'utf8')), {
      targets: { ci: { api: 'http://ci.example.com', team: 'main', token: { type: 'bearer', value: 'tok' } } },
    });
  });

  test('reads a ~/.flyrc written by fly, and keeps fields it does not know', async () => {
    writeFileSync(
      path,
      'targets:\n  prod:\n    api: https://ci.example.com\n    team: ops\n    insecure: true\n    ca_cert: PEM\n    token:\n      type: bearer\n      value: abc\n',
      { mode: 0o644 },
    );
    const targets = await readTargets(path);
    assert.equal(targets.prod?.api, 'https://ci.example.com');
    assert.equal(targets.prod?.team, 'ops');
    assert.deepEqual(targets.prod?.token, { type: 'bearer', value: 'abc' });
    await saveTarget('other', { api: 'http://x', team: 'main' }, path);
    const raw = parse(readFileSync(path, 'utf8'));
    assert.equal(raw.targets.prod.ca_cert, 'PEM');
    assert.equal(statSync(path).mode & 0o777, 0o600, 'a rewrite tightens the mode');
  });

  test('logout forgets the token but keeps the URL and team', async () => {
    await saveTarget('ci', { api: 'http://ci', team: 'dev', token: { type: 'bearer', value: 'tok' } }, path);
    await clearToken('ci', path);
    const t = (await readTargets(path)).ci;
    assert.equal(t?.api, 'http://ci');
    assert.equal(t?.team, 'dev');
    assert.equal(t?.token?.value, '');
  });

  test('deleting an unknown target says so', async () => {
    await assert.rejects(deleteTarget('nope', path), /unknown target: nope/);
  });

  test('a broken file is reported with its path, line and column', async () => {
    writeFileSync(path, 'targets: [unclosed');
    await assert.rejects(readTargets(path), { message: `${path}:1:19: Flow sequence in block collection must be sufficiently indented and end with a ]` });
    writeFileSync(path, 'targets:\n  ci:\n    api: http://x\n  broken: 7\n');
    await assert.rejects(readTargets(path), { message: `${path}:4:11: targets.broken: target 'broken' is not a mapping` });
    writeFileSync(path, 'targets: [ci]\n');
    await assert.rejects(readTargets(path), { message: `${path}:1:10: targets: must be a mapping of target names` });
  });
});

describe('token expiry', () => {
  test('is read from the JWT exp claim and shown in UTC', () => {
    const token = jwt({ exp: Date.UTC(2030, 0, 2, 3, 4, 5) / 1000 });
    assert.equal(tokenExpiry(token)?.toISOString(), '2030-01-02T03:04:05.000Z');
    assert.equal(describeExpiry({ type: 'bearer', value: token }), 'Wed, 02 Jan 2030 03:04:05 UTC');
  });

  test('no token is n/a; a token that is not a JWT is called invalid', () => {
    assert.equal(describeExpiry(undefined), 'n/a');
    assert.equal(describeExpiry({ type: '', value: '' }), 'n/a');
    assert.equal(describeExpiry({ type: 'bearer', value: 'opaque' }), 'n/a: invalid token');
  });
});
