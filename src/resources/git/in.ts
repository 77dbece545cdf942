// git in: the repository at exactly the version's commit, fetched from the worker's cache
// (refreshed only when the commit is not there yet), with `origin` pointing at the real uri
// so tasks see what they would see after a clone, and git-resource's `.git/*` files.
import type { ResourceVersion } from '../../ports/resource-runner';
import { BuiltinFailure, type InResponse } from '../builtin/types';
import { fetchCache, hasCommit } from './cache';
import type { Git } from './git-cli';
import { gitMetadata, writeRefFiles } from './metadata';
import { notOption } from './safety';
import { normalizeUri, type GitSource } from './source';

export interface GitGetParams {
  depth?: number;
  fetch_tags?: boolean;
  submodules?: 'all' | 'none' | string[];
  submodule_recursive?: boolean;
  submodule_remote?: boolean;
  clean_tags?: boolean;
  short_ref_format?: string;
  timestamp_format?: string;
  describe_ref_options?: string;
  fetch?: string[];
}

export function parseGetParams(raw: Record<string, unknown>): GitGetParams {
  const p = raw as GitGetParams & { depth?: unknown };
  if (p.depth !== undefined && (typeof p.depth !== 'number' || !Number.isInteger(p.depth) || p.depth < 0)) {
    throw new BuiltinFailure('params.depth must be a non-negative integer');
  }
  if (p.submodules !== undefined && p.submodules !== 'all' && p.submodules !== 'none' && !Array.isArray(p.submodules)) {
    throw new BuiltinFailure('params.submodules must be "all", "none" or a list of paths');
  }
  return p;
}

async function ensureCommit(git: Git, cacheRoot: string, src: GitSource, rev: string, tags: boolean) {
  let repo = await fetchCache(git, cacheRoot, { uri: src.uri, branch: src.branch, tags });
  if (!await hasCommit(git, repo.dir, rev) && !tags) {
    repo = await fetchCache(git, cacheRoot, { uri: src.uri, branch: src.branch, tags: true });
  }
  if (!await hasCommit(git, repo.dir, rev)) throw new BuiltinFailure(`fatal: reference is not a tree: ${rev}`);
  return repo;
}

/** git refuses file:// submodules by default (CVE-2022-39253); they are allowed only when the
 *  repository itself is local, so a remote repository cannot read the worker's repositories. */
async function updateSubmodules(git: Git, dir: string, p: GitGetParams, localRepo: boolean): Promise<void> {
  if (p.submodules === 'none') return;
  const r = await git.run(dir, ['config', '--file', '.gitmodules', '--get-regexp', '\\.path$']);
  if (r.code !== 0) return; // no .gitmodules
  const wanted = Array.isArray(p.submodules) ? new Set(p.submodules) : undefined;
  const paths = r.stdout.split('\n').filter(Boolean).map((l) => l.slice(l.indexOf(' ') + 1))
    .filter((path) => !wanted || wanted.has(path));
  if (!paths.length) return;
  await git.ok(dir, ['submodule', 'sync', '-q']);
  const args = [...(localRepo ? ['-c', 'protocol.file.allow=always'] : []), 'submodule', 'update', '--init', '-q'];
  if (p.submodule_recursive !== false) args.push('--recursive');
  if (p.submodule_remote) args.push('--remote');
  if (p.depth) args.push('--depth', String(p.depth));
  await git.ok(dir, [...args, '--', ...paths]);
}

export async function gitIn(git: Git, cacheRoot: string, dest: string, src: GitSource, version: ResourceVersion,
  params: GitGetParams): Promise<InResponse> {
  const ref = version.ref;
  if (!ref) throw new BuiltinFailure('version.ref is required');
  const rev = version.commit || ref;
  const fetchTags = params.fetch_tags ?? src.fetch_tags;
  const tagMode = !!(src.tag_filter || src.tag_regex);
  const repo = await ensureCommit(git, cacheRoot, src, rev, tagMode || fetchTags !== false);
  const sha = await git.line(repo.dir, ['rev-parse', `${rev}^{commit}`]);
  const cacheUrl = `file://${repo.dir}`;
  await git.ok(dest, ['init', '-q']);
  await git.ok(dest, ['remote', 'add', 'origin', cacheUrl]);
  const depth = params.depth ? ['--depth', String(params.depth)] : [];
  const tagFlag = fetchTags === false ? '--no-tags' : '--tags';
  await git.ok(dest, ['fetch', '-q', tagFlag, ...depth, 'origin', sha, `+${repo.ref}:refs/remotes/origin/${repo.branch}`], { quiet: true });
  for (const extra of (params.fetch ?? []).map((b) => notOption('params.fetch', b)!)) {
    await git.ok(dest, ['fetch', '-q', 'origin', `+refs/heads/${extra}:refs/heads/${extra}`], { quiet: true });
  }
  // The local branch sits at the version's commit: a task can commit on it and a put can push it.
  await git.ok(dest, ['checkout', '-q', '-B', repo.branch, sha]);
  await git.ok(dest, ['branch', '-q', `--set-upstream-to=origin/${repo.branch}`]);
  await git.ok(dest, ['remote', 'set-url', 'origin', src.uri]);
  await updateSubmodules(git, dest, params, normalizeUri(src.uri).startsWith('file://'));
  const metadata = await gitMetadata(git, dest, src.uri);
  await writeRefFiles(git, dest, metadata, {
    ref, shortRefFormat: params.short_ref_format, timestampFormat: params.timestamp_format, describeOptions: params.describe_ref_options,
  });
  if (params.clean_tags) {
    const tags = (await git.ok(dest, ['tag'], { quiet: true })).split('\n').filter(Boolean);
    if (tags.length) await git.ok(dest, ['tag', '-d', ...tags], { quiet: true });
  }
  return { version: { ...version }, metadata };
}
