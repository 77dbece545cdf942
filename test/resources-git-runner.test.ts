// The everyday types through the worker's ResourceRunner (real volumes): a promotion flow
// as a pipeline would run it — git check and get, a "task" commits in a copy of the repo,
// semver bumps the release number, git put rebases and tags it, pool locks an environment.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RuncRuntime } from '../src/worker';
import { BuiltinRegistry, WorkerResourceRunner } from '../src/resources';
import { everydayTypes } from '../src/resources/everyday';
import type { BuildMetadata } from '../src/ports/resource-runner';
import { GitRepo, tempDir } from './testkit/git-repo';

let workDir: string;
let resourceDir: string;
let rt: RuncRuntime;
let runner: WorkerResourceRunner;
const metadata: BuildMetadata = { buildId: 7, buildName: '3', jobName: 'promote', pipelineName: 'app', teamName: 'main', externalUrl: 'http://127.0.0.1:8080' };

before(async () => {
  workDir = tempDir('gantry-res-everyday-');
  resourceDir = tempDir('gantry-res-dir-');
  rt = await RuncRuntime.open({ workDir, graceMs: 1000 });
  runner = new WorkerResourceRunner({ runtime: rt, builtins: new BuiltinRegistry(everydayTypes({ dir: resourceDir })) });
});

after(async () => {
  for (const v of rt.volumes.list().filter((v) => v.parent)) await rt.volumes.destroy(v.handle);
  await rt.close();
  rmSync(workDir, { recursive: true, force: true });
  rmSync(resourceDir, { recursive: true, force: true });
});

test('check → get → task commit → semver bump → put with rebase and tag → pool acquire/release', async () => {
  const work = GitRepo.init();
  work.commit('initial', { 'app.txt': 'v0\n' });
  work.commit('lock pool', { 'envs/claimed/.gitkeep': '', 'envs/unclaimed/staging': 'url: https://staging\n' });
  const origin = work.bareClone();
  try {
    const common = { resourceTypes: [], metadata };
    const app = { uri: origin.dir, branch: 'main', ignore_paths: ['envs/*'] };
    const [latest] = await runner.check({ type: 'git', source: app, ...common });
    assert.deepEqual(latest, { ref: work.head('main~1') }, 'the lock-pool commit is ignored by ignore_paths');

    const got = await runner.get({ type: 'git', source: app, version: latest!, params: {}, ...common });
    const repoPath = rt.volumes.lookup(got.volume)!.path;
    assert.equal(readFileSync(join(repoPath, '.git', 'ref'), 'utf8').trim(), latest!.ref);
    assert.ok(got.metadata.some((m) => m.name === 'message' && m.value === 'initial'));

    // a task's output: a copy of the repo with one more commit
    const out = await rt.volumes.create();
    cpSync(repoPath, out.path, { recursive: true });
    new GitRepo(out.path).commit('bump app', { 'app.txt': 'v1\n' });
    work.commit('meanwhile on main', { 'other.txt': 'x' });
    work.git('push', '-q', origin.dir, 'main');

    const version = { driver: 'file', file: 'app', initial_version: '0.9.0' };
    const bumped = await runner.put({ type: 'semver', source: version, params: { bump: 'minor' }, inputs: {}, ...common });
    assert.deepEqual(bumped.version, { number: '0.10.0' });
    const num = await runner.get({ type: 'semver', source: version, version: bumped.version, params: {}, ...common });
    const pushed = await runner.put({
      type: 'git', source: app, params: { repository: 'repo', rebase: true, tag: 'version/number', tag_prefix: 'v' },
      inputs: { repo: out.handle, version: num.volume }, ...common,
    });
    assert.equal(origin.head('main'), pushed.version.ref);
    assert.equal(origin.head('v0.10.0^{commit}'), pushed.version.ref);
    assert.deepEqual(origin.log('main').slice(0, 2), ['bump app', 'meanwhile on main']);

    const pool = { uri: origin.dir, branch: 'main', pool: 'envs', retry_delay: '100ms' };
    const lock = await runner.put({ type: 'pool', source: pool, params: { acquire: true }, inputs: {}, ...common });
    assert.deepEqual(lock.metadata, [{ name: 'lock_name', value: 'staging' }, { name: 'pool_name', value: 'envs' }]);
    assert.match(origin.git('log', '-1', '--format=%B', 'main'), /^claiming: staging\nBuild URL: http:\/\/127\.0\.0\.1:8080\/teams\/main\/pipelines\/app\/jobs\/promote\/builds\/3/);
    const held = await runner.get({ type: 'pool', source: pool, version: lock.version, params: {}, ...common });
    assert.equal(readFileSync(join(rt.volumes.lookup(held.volume)!.path, 'metadata'), 'utf8'), 'url: https://staging\n');
    await runner.put({ type: 'pool', source: pool, params: { release: 'lock' }, inputs: { lock: held.volume }, ...common });
    assert.equal(origin.git('ls-tree', '--name-only', 'main', 'envs/unclaimed/'), 'envs/unclaimed/staging', 'released, even in a pool without .gitkeep files');
  } finally {
    work.remove();
    origin.remove();
  }
});
