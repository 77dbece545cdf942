// The `pool` built-in type (Concourse's pool-resource): locks as files in
// <pool>/{claimed,unclaimed}/ of a git branch. check: commits touching the pool; in: the
// lock that commit changed (`name`, `metadata`); out: one operation on the pool.
import { writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseGoDuration } from '../../core/config';
import type { ResourceSource } from '../../ports/resource-runner';
import { BuiltinFailure, type BuiltinResourceType } from '../builtin/types';
import { fetchCache, hasCommit } from '../git/cache';
import { gitCheck } from '../git/check';
import { withGit, type Git, type GitAuth } from '../git/git-cli';
import { notOption } from '../git/safety';
import { transact, type PoolConfig } from './lock-repo';
import * as ops from './operations';

export interface PoolTypeOptions { cacheDir: string }

interface Source extends GitAuth { uri?: string; branch?: string; pool?: string; retry_delay?: string }

function parseSource(raw: ResourceSource): Source & { uri: string; branch: string; pool: string; retryDelayMs: number } {
  const src = raw as Source;
  const missing = (['uri', 'branch', 'pool'] as const).filter((k) => !src[k]);
  if (missing.length) throw new BuiltinFailure(missing.map((k) => `invalid payload (missing ${k})`).join('\n'));
  const pool = posix.normalize(src.pool!).replace(/\/+$/, '');
  if (pool.startsWith('/') || pool === '..' || pool.startsWith('../') || pool === '.') throw new BuiltinFailure(`invalid pool "${src.pool}"`);
  notOption('source.pool', pool);
  notOption('source.uri', src.uri);
  notOption('source.branch', src.branch);
  let retryDelayMs = 10_000;
  if (src.retry_delay) {
    const ms = parseGoDuration(src.retry_delay);
    if (ms === undefined || ms < 0) throw new BuiltinFailure(`invalid retry_delay "${src.retry_delay}"`);
    retryDelayMs = ms;
  }
  return { ...src, uri: src.uri!, branch: src.branch!, pool, retryDelayMs };
}

async function readLock(git: Git, dir: string, rev: string, pool: string, name: string): Promise<{ state: string; metadata: string } | undefined> {
  for (const state of ['claimed', 'unclaimed']) {
    const r = await git.run(dir, ['show', `${rev}:${pool}/${state}/${name}`]);
    if (r.code === 0) return { state, metadata: r.stdout };
  }
  return undefined;
}

function decision(git: Git, inputs: Parameters<BuiltinResourceType['out']>[1], p: ops.PoolPutParams) {
  if (p.acquire) return ops.acquire(git);
  if (p.claim) return ops.claim(git, p.claim);
  if (p.release) return ops.release(git, ops.readLockDir(inputs, p.release, false).name);
  if (p.add) return ops.add(git, ops.readLockDir(inputs, p.add, true), false);
  if (p.add_claimed) return ops.add(git, ops.readLockDir(inputs, p.add_claimed, true), true);
  if (p.remove) return ops.remove(git, ops.readLockDir(inputs, p.remove, false).name);
  if (p.update) return ops.update(git, ops.readLockDir(inputs, p.update, true));
  if (p.check) return ops.waitWhile(ops.readLockDir(inputs, p.check, false).name, 'claimed');
  if (p.check_unclaimed) return ops.waitWhile(ops.readLockDir(inputs, p.check_unclaimed, false).name, 'unclaimed');
  throw new BuiltinFailure('invalid params: one of acquire, claim, release, add, add_claimed, remove, update, check, check_unclaimed is required');
}

export function createPoolType(opts: PoolTypeOptions): BuiltinResourceType {
  return {
    name: 'pool',
    async check(ctx, req) {
      const src = parseSource(req.source);
      return withGit(src, ctx.signal, ctx.log, (git) => gitCheck(git, opts.cacheDir,
        { uri: src.uri, branch: src.branch, paths: [src.pool], disable_ci_skip: true }, req.version));
    },
    async in(ctx, dir, req) {
      const src = parseSource(req.source);
      const ref = req.version.ref;
      if (!ref) throw new BuiltinFailure('version.ref is required');
      return withGit(src, ctx.signal, ctx.log, async (git) => {
        const repo = await fetchCache(git, opts.cacheDir, { uri: src.uri, branch: src.branch, tags: false });
        if (!await hasCommit(git, repo.dir, ref)) throw new BuiltinFailure(`fatal: reference is not a tree: ${ref}`);
        const changed = (await git.ok(repo.dir, ['log', '-1', '--name-only', '--format=', ref, '--', src.pool], { quiet: true })).split('\n').filter(Boolean);
        const name = posix.basename(changed[changed.length - 1] ?? '');
        const metadata = [{ name: 'lock_name', value: name }, { name: 'pool_name', value: src.pool }];
        const lock = name ? await readLock(git, repo.dir, ref, src.pool, name) : undefined;
        if (lock?.state === 'claimed') {
          const since = await git.ok(repo.dir, ['log', '--oneline', `${ref}..${repo.ref}`, '--', `${src.pool}/claimed/${name}`], { quiet: true });
          if (since.trim()) throw new BuiltinFailure('error: lock instance is no longer acquired');
        }
        if (!lock) { ctx.log('lock does not exist'); return { version: { ref }, metadata }; }
        writeFileSync(join(dir, 'metadata'), lock.metadata);
        writeFileSync(join(dir, 'name'), `${name}\n`);
        return { version: { ref }, metadata };
      });
    },
    async out(ctx, inputs, req) {
      const src = parseSource(req.source);
      const cfg: PoolConfig = { uri: src.uri, branch: src.branch, pool: src.pool, retryDelayMs: src.retryDelayMs, buildUrl: ctx.env.BUILD_URL };
      return withGit(src, ctx.signal, ctx.log, async (git) => {
        const decide = decision(git, inputs, (req.params ?? {}) as ops.PoolPutParams);
        const { ref, lock } = await transact(git, cfg, ctx.log, ctx.signal, decide);
        return { version: { ref }, metadata: [{ name: 'lock_name', value: lock }, { name: 'pool_name', value: src.pool }] };
      });
    },
  };
}
