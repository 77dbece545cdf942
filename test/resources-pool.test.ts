// The pool resource type against a real lock repository: acquire/release/claim/add/remove/
// update, check and in, and racing acquirers on a one-lock and a two-lock pool.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPoolType } from '../src/resources/pool';
import { putInputs } from '../src/resources/builtin/put-inputs';
import { GitRepo, resourceContext, tempDir } from './testkit/git-repo';

const cacheDir = tempDir('gantry-pool-cache-');
const pool = createPoolType({ cacheDir });
const cleanup: (() => void)[] = [() => rmSync(cacheDir, { recursive: true, force: true })];
after(() => cleanup.forEach((f) => f()));

/** A lock repository with pool `envs` holding the given unclaimed locks (name → metadata). */
function lockRepo(locks: Record<string, string>): { repo: GitRepo; source: Record<string, unknown> } {
  const work = GitRepo.init();
  cleanup.push(() => work.remove());
  const files: Record<string, string> = { 'envs/claimed/.gitkeep': '', 'envs/unclaimed/.gitkeep': '', 'other/unclaimed/x': 'x' };
  for (const [name, meta] of Object.entries(locks)) files[`envs/unclaimed/${name}`] = meta;
  work.commit('initial pool', files);
  const repo = work.bareClone();
  cleanup.push(() => repo.remove());
  return { repo, source: { uri: repo.dir, branch: 'main', pool: 'envs', retry_delay: '50ms' } };
}

/** A directory with `name` (and `metadata`) as a get of the lock would leave it. */
function lockDir(name: string, metadata = ''): Record<string, string> {
  const parent = tempDir();
  cleanup.push(() => rmSync(parent, { recursive: true, force: true }));
  mkdirSync(join(parent, 'lock'));
  writeFileSync(join(parent, 'lock', 'name'), `${name}\n`);
  writeFileSync(join(parent, 'lock', 'metadata'), metadata);
  return { lock: join(parent, 'lock') };
}

const state = (repo: GitRepo) => ({
  claimed: repo.git('ls-tree', '--name-only', 'main', 'envs/claimed/').split('\n').filter((p) => p && !p.endsWith('.gitkeep')).map((p) => p.split('/').pop()),
  unclaimed: repo.git('ls-tree', '--name-only', 'main', 'envs/unclaimed/').split('\n').filter((p) => p && !p.endsWith('.gitkeep')).map((p) => p.split('/').pop()),
});

describe('pool out', () => {
  test('acquire moves a lock to claimed; release moves it back; commit messages as pool-resource', async () => {
    const { repo, source } = lockRepo({ 'env-1': 'host: a\n' });
    const out = await pool.out(resourceContext(), putInputs({}), { source, params: { acquire: true } });
    assert.deepEqual(out.metadata, [{ name: 'lock_name', value: 'env-1' }, { name: 'pool_name', value: 'envs' }]);
    assert.equal(out.version.ref, repo.head('main'));
    assert.deepEqual(state(repo), { claimed: ['env-1'], unclaimed: [] });
    assert.equal(repo.log('main')[0], 'claiming: env-1');
    await pool.out(resourceContext(), putInputs(lockDir('env-1')), { source, params: { release: 'lock' } });
    assert.deepEqual(state(repo), { claimed: [], unclaimed: ['env-1'] });
    assert.equal(repo.log('main')[0], 'unclaiming: env-1');
    await assert.rejects(pool.out(resourceContext(), putInputs(lockDir('env-1')), { source, params: { release: 'lock' } }), /not claimed/);
  });

  test('two acquirers racing for a one-lock pool: one gets it, the other waits until it is released', async () => {
    const { repo, source } = lockRepo({ 'only-env': 'x' });
    const done: string[] = [];
    const race = [0, 1].map((i) => pool.out(resourceContext(), putInputs({}), { source, params: { acquire: true } })
      .then((r) => { done.push(`acquirer-${i}`); return r; }));
    const first = await Promise.race(race);
    assert.equal(first.metadata![0]!.value, 'only-env');
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(done.length, 1, 'the second acquirer is still waiting while the lock is held');
    assert.deepEqual(state(repo), { claimed: ['only-env'], unclaimed: [] });
    await pool.out(resourceContext(), putInputs(lockDir('only-env')), { source, params: { release: 'lock' } });
    const both = await Promise.all(race);
    assert.equal(done.length, 2);
    assert.deepEqual(both.map((r) => r.metadata![0]!.value), ['only-env', 'only-env']);
    assert.deepEqual(repo.log('main').slice(0, 3), ['claiming: only-env', 'unclaiming: only-env', 'claiming: only-env']);
  });

  test('an acquirer waiting for a lock stops when the step is aborted, claiming nothing', async () => {
    const { repo, source } = lockRepo({ busy: '' });
    await pool.out(resourceContext(), putInputs({}), { source, params: { acquire: true } });
    const ctx = resourceContext();
    const abort = new AbortController();
    const waiting = pool.out({ ...ctx, signal: abort.signal }, putInputs({}), { source, params: { acquire: true } });
    // Abort once it is waiting for the lock (on a loaded machine its clone can take seconds).
    const isWaiting = () => ctx.lines.some((l) => /no unclaimed locks available; retrying in 0.05s/.test(l));
    for (let i = 0; i < 600 && !isWaiting(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(isWaiting(), ctx.lines.join('\n'));
    abort.abort(new Error('build aborted'));
    await assert.rejects(waiting, /build aborted/);
    assert.deepEqual(repo.log('main').filter((m) => m.startsWith('claiming')), ['claiming: busy']);
  });

  test('four acquirers racing for a two-lock pool never share a lock', async () => {
    const { repo, source } = lockRepo({ a: '', b: '' });
    const two = await Promise.all([0, 1].map(() => pool.out(resourceContext(), putInputs({}), { source, params: { acquire: true } })));
    assert.deepEqual(two.map((r) => r.metadata![0]!.value).sort(), ['a', 'b']);
    assert.deepEqual(state(repo), { claimed: ['a', 'b'], unclaimed: [] });
    const claims = repo.log('main').filter((m) => m.startsWith('claiming'));
    assert.equal(claims.length, 2);
  });

  test('claim waits for a specific lock; add, add_claimed, update and remove', async () => {
    const { repo, source } = lockRepo({ 'env-1': '', 'env-2': '' });
    await pool.out(resourceContext(), putInputs({}), { source, params: { claim: 'env-2' } });
    assert.deepEqual(state(repo), { claimed: ['env-2'], unclaimed: ['env-1'] });
    await assert.rejects(pool.out(resourceContext(), putInputs({}), { source, params: { claim: 'env-9' } }), /does not exist/);
    await pool.out(resourceContext(), putInputs(lockDir('env-3', 'ip: 10.0.0.3\n')), { source, params: { add: 'lock' } });
    assert.equal(repo.log('main')[0], 'adding unclaimed: env-3');
    assert.equal(repo.git('show', 'main:envs/unclaimed/env-3'), 'ip: 10.0.0.3');
    await pool.out(resourceContext(), putInputs(lockDir('env-4', 'held')), { source, params: { add_claimed: 'lock' } });
    await pool.out(resourceContext(), putInputs(lockDir('env-3', 'ip: 10.0.0.33\n')), { source, params: { update: 'lock' } });
    assert.equal(repo.git('show', 'main:envs/unclaimed/env-3'), 'ip: 10.0.0.33');
    await pool.out(resourceContext(), putInputs(lockDir('env-4')), { source, params: { remove: 'lock' } });
    assert.deepEqual(state(repo), { claimed: ['env-2'], unclaimed: ['env-1', 'env-3'] });
    await assert.rejects(pool.out(resourceContext(), putInputs({}), { source, params: {} }), /one of acquire, claim, release/);
    await assert.rejects(pool.out(resourceContext(), putInputs({}), { source: { ...source, pool: '--exec=x' }, params: { acquire: true } }), /must not start with "-"/);
    await assert.rejects(pool.out(resourceContext(), putInputs({}), { source: { ...source, git_config: [{ name: 'core.fsmonitor', value: 'x' }] }, params: { acquire: true } }), /not allowed/);
  });
});

describe('pool check and in', () => {
  test('check lists commits touching the pool; in gives the lock name and metadata, and refuses a lock no longer held', async () => {
    const { repo, source } = lockRepo({ 'env-1': 'region: eu\n' });
    const first = await pool.check(resourceContext(), { source, version: null });
    assert.deepEqual(first, [{ ref: repo.head('main') }]);
    const acquired = await pool.out(resourceContext(), putInputs({}), { source, params: { acquire: true } });
    const later = await pool.check(resourceContext(), { source, version: first[0]! });
    assert.deepEqual(later, [first[0], acquired.version]);
    const dir = tempDir();
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const got = await pool.in(resourceContext(), dir, { source, version: acquired.version, params: {} });
    assert.deepEqual(got.metadata, [{ name: 'lock_name', value: 'env-1' }, { name: 'pool_name', value: 'envs' }]);
    assert.equal(readFileSync(join(dir, 'name'), 'utf8'), 'env-1\n');
    assert.equal(readFileSync(join(dir, 'metadata'), 'utf8'), 'region: eu\n');
    await pool.out(resourceContext(), putInputs({ lock: dir }), { source, params: { release: 'lock' } });
    const dir2 = tempDir();
    cleanup.push(() => rmSync(dir2, { recursive: true, force: true }));
    await assert.rejects(pool.in(resourceContext(), dir2, { source, version: acquired.version, params: {} }), /no longer acquired/);
  });
});
