// The example's setup against a real web node (real git, real HTTP, a real PostgreSQL
// database): it creates the repos, the git image and the two environments, sets and
// unpauses both pipelines with vars naming them, and a second start changes nothing and
// leaves a user's edits alone. The environments take a candidate tarball and serve it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setUpExample, type Example } from '../src/app/example-setup';
import { startExampleEnv } from '../src/app/example-env';
import type { Pipeline } from '../src/protocol';
import { client, startTestWebNode, tokenFor, type TestWebNode } from './testkit/web-node';

const USER = { username: 'admin', password: 'admin' };

describe('quickstart example setup', () => {
  let node: TestWebNode;
  let dataDir: string;
  const logs: string[] = [];
  const setUp = () => setUpExample({ dataDir, url: node.url, ...USER, log: (l) => logs.push(l) });

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gantry-example-'));
    node = await startTestWebNode({ localUsers: [USER], mainTeamUsers: [USER.username] });
  });
  after(async () => {
    await node.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('creates the repos, the git image and both pipelines, unpaused, with vars naming them', async () => {
    const example = await setUp();
    try {
      assert.deepEqual(example.saved, ['component-prerelease', 'component-release']);
      const git = (repo: string, ...args: string[]) => execFileSync('git', ['--git-dir', repo, ...args], { encoding: 'utf8' }).trim();
      assert.match(git(join(example.repos.component, '.git'), 'ls-tree', '-r', '--name-only', 'HEAD'), /^ci\/tasks\/unit\.yml$/m);
      assert.equal(git(join(example.repos.upstream, '.git'), 'show', 'HEAD:VERSION'), '1.1.5');
      assert.equal(git(example.repos.artifacts, 'show', 'version:candidate'), '0.1.0');
      assert.deepEqual(git(example.repos.pool, 'ls-tree', '-r', '--name-only', 'main').split('\n').sort(),
        ['envs/claimed/.gitkeep', 'envs/unclaimed/a', 'envs/unclaimed/b']);
      const unit = execFileSync('busybox', ['sh', join(example.repos.component, 'test/unit.sh')],
        { env: { PATH: process.env.PATH, UPSTREAM_DIR: example.repos.upstream }, encoding: 'utf8' });
      assert.match(unit, /all tests passed/);
      const rootfs = join(example.dir, 'images/git/rootfs');
      for (const f of ['bin/sh', 'usr/bin/git', 'etc/gitconfig']) assert.ok(existsSync(join(rootfs, f)), f);

      const api = client(node.url, await tokenFor(node.url, USER.username, USER.password));
      const pipelines = await api.json<Pipeline[]>('GET', '/api/v1/teams/main/pipelines');
      assert.deepEqual(pipelines.body.map((p) => [p.name, p.paused]), [['component-prerelease', false], ['component-release', false]]);
      const config = await api.json<{ config: { resources: { name: string; source: Record<string, unknown> }[] } }>('GET', '/api/v1/teams/main/pipelines/component-prerelease/config');
      const source = (name: string) => config.body.config.resources.find((r) => r.name === name)!.source;
      assert.equal(source('component').uri, example.repos.component);
      assert.equal(source('envs').uri, example.repos.pool);
    } finally {
      await example.close();
    }
  });

  test('a second start reuses everything; a pipeline a user changed is left alone', async () => {
    const ports = JSON.parse(readFileSync(join(dataDir, 'example/state.json'), 'utf8')).envPorts;
    const head = execFileSync('git', ['-C', join(dataDir, 'example/repos/component'), 'rev-parse', 'HEAD'], { encoding: 'utf8' });
    let example: Example = await setUp();
    try {
      assert.deepEqual(example.saved, []);
      assert.deepEqual(Object.fromEntries(example.envs.map((e) => [e.name, e.port])), ports);
      assert.equal(execFileSync('git', ['-C', example.repos.component, 'rev-parse', 'HEAD'], { encoding: 'utf8' }), head);
    } finally {
      await example.close();
    }
    const api = client(node.url, await tokenFor(node.url, USER.username, USER.password));
    const edited = 'resources:\n- name: r\n  type: mock\njobs:\n- name: ship\n  plan:\n  - get: r\n';
    const current = await api.req('GET', '/api/v1/teams/main/pipelines/component-release/config');
    const version = current.headers.get('X-Concourse-Config-Version')!;
    await current.body?.cancel();
    assert.equal((await api.req('PUT', '/api/v1/teams/main/pipelines/component-release/config', edited, { 'X-Concourse-Config-Version': version })).status, 200);
    example = await setUp();
    await example.close();
    assert.deepEqual(example.saved, []);
    assert.ok(logs.some((l) => /pipeline component-release was changed since quickstart set it; leaving it/.test(l)), logs.join('\n'));
  });
});

describe('example environments', () => {
  const tarball = (dir: string, version: string, bConf: string): Buffer => {
    const root = join(dir, `component-${version}`);
    mkdirSync(join(root, 'www'), { recursive: true });
    mkdirSync(join(root, 'deploy'), { recursive: true });
    writeFileSync(join(root, 'VERSION'), `${version}\n`);
    writeFileSync(join(root, 'www/greet.txt'), 'hello, world\n');
    writeFileSync(join(root, 'deploy/a.conf'), 'healthy=yes\n');
    writeFileSync(join(root, 'deploy/b.conf'), bConf);
    return execFileSync('tar', ['-czf', '-', '-C', dir, `component-${version}`]);
  };

  test('serve nothing until a deploy, then the deployed version, health from its env settings, its files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-example-env-'));
    const a = await startExampleEnv('a', join(dir, 'a'), 0);
    const b = await startExampleEnv('b', join(dir, 'b'), 0);
    try {
      assert.equal((await fetch(`${a.url}/version`)).status, 503);
      const body = tarball(join(dir, 'src'), '1.2.3-rc.4', 'healthy=no\n');
      const raw = await fetch(`${a.url}/deploy`, { method: 'POST', body: new Uint8Array(body) });
      assert.equal(await raw.text(), 'deployed component 1.2.3-rc.4 to env a\n');
      const b64 = await fetch(`${b.url}/deploy`, { method: 'POST', body: body.toString('base64') });
      assert.equal(b64.status, 200, 'busybox wget posts base64 text');
      assert.equal(await (await fetch(`${a.url}/version`)).text(), '1.2.3-rc.4\n');
      assert.equal(await (await fetch(`${a.url}/health`)).text(), 'ok\n');
      const sick = await fetch(`${b.url}/health`);
      assert.equal(sick.status, 503);
      assert.match(await sick.text(), /deploy\/b\.conf says healthy=no/);
      assert.equal(await (await fetch(`${a.url}/greet.txt`)).text(), 'hello, world\n');
      assert.equal((await fetch(`${a.url}/%2e%2e/deploy/a.conf`)).status, 404, 'only www/ files are served');
      assert.equal((await fetch(`${a.url}/deploy`, { method: 'POST', body: 'not a tarball' })).status, 400);
      assert.equal(await (await fetch(`${a.url}/version`)).text(), '1.2.3-rc.4\n', 'a bad upload keeps the deployment');
    } finally {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
