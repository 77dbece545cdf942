// The worker's bare cache of a remote: one directory per uri+branch under the cache dir,
// created once and then only fetched, so a check of a large repository moves only the new
// objects. Calls for the same cache are serialised in this process (git itself refuses two
// fetches into one repository at once).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BuiltinFailure } from '../builtin/types';
import type { Git } from './git-cli';
import { normalizeUri } from './source';

const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier call for `key` has finished. */
export function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = queues.get(key) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => { if (queues.get(key) === settled) queues.delete(key); });
  return next;
}

export interface CachedRepo {
  dir: string;       // the bare repository
  branch: string;    // the branch tracked (source.branch or the remote's default)
  ref: string;       // refs/heads/<branch> inside the cache
}

export interface FetchOptions { uri: string; branch?: string; tags: boolean }

export function cacheDirFor(root: string, uri: string, branch: string | undefined): string {
  const key = createHash('sha256').update(`${uri}\n${branch ?? ''}`).digest('hex').slice(0, 24);
  return join(root, 'git', key);
}

/** The remote's default branch, as `HEAD` names it (`ls-remote --symref`). */
export async function defaultBranch(git: Git, uri: string): Promise<string> {
  const r = await git.run(process.cwd(), ['ls-remote', '--symref', normalizeUri(uri), 'HEAD']);
  if (r.code !== 0) throw new BuiltinFailure(`git ls-remote failed: ${r.stderr.trim()}`);
  const m = /^ref: refs\/heads\/(\S+)\s+HEAD/m.exec(r.stdout);
  if (!m) throw new BuiltinFailure(`could not find the default branch of ${uri} (empty repository?)`);
  return m[1]!;
}

/** Brings the cache up to date with the remote (creating it on first use). */
export async function fetchCache(git: Git, root: string, opts: FetchOptions): Promise<CachedRepo> {
  const dir = cacheDirFor(root, opts.uri, opts.branch);
  return serialized(dir, async () => {
    const branch = opts.branch ?? await defaultBranch(git, opts.uri);
    if (!existsSync(join(dir, 'HEAD'))) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      await git.ok(dir, ['init', '-q', '--bare']);
    }
    const refspecs = [`+refs/heads/${branch}:refs/heads/${branch}`];
    if (opts.tags) refspecs.push('+refs/tags/*:refs/tags/*');
    const args = ['fetch', '-q', '--prune', opts.tags ? '--tags' : '--no-tags', normalizeUri(opts.uri), ...refspecs];
    const r = await git.run(dir, args);
    if (r.code !== 0) {
      if (/couldn't find remote ref/i.test(r.stderr)) throw new BuiltinFailure(`branch '${branch}' not found in ${opts.uri}`);
      throw new BuiltinFailure(`git fetch failed: ${r.stderr.trim()}`);
    }
    return { dir, branch, ref: `refs/heads/${branch}` };
  });
}

/** Whether `rev` names a commit present in `dir`. */
export async function hasCommit(git: Git, dir: string, rev: string): Promise<boolean> {
  if (!rev || rev.startsWith('-')) return false;
  return (await git.run(dir, ['cat-file', '-e', `${rev}^{commit}`])).code === 0;
}
