// git check: the commits on the branch from the given version on, oldest first, after the
// paths / ignore_paths / [ci skip] filters (first check: only the newest). With tag_filter
// or tag_regex the versions are tags instead: {ref: <tag>, commit: <sha>} in creation order.
// gitCheckWithMetadata adds each commit's metadata (what `in` reports) for the checker.
import type { ResourceVersion } from '../../ports/resource-runner';
import { BuiltinFailure, type CheckedVersion } from '../builtin/types';
import { commitsMetadata } from './metadata';
import { fetchCache, hasCommit, type CachedRepo } from './cache';
import type { Git } from './git-cli';
import type { GitSource } from './source';

function pathspec(src: GitSource): string[] {
  const paths = src.paths ?? [];
  const ignore = src.ignore_paths ?? [];
  if (!paths.length && !ignore.length) return [];
  return ['--', ...(paths.length ? paths : ['.']), ...ignore.map((p) => `:!${p}`)];
}

/** rev-list flags that drop `[ci skip]` / `[skip ci]` commits unless disabled. */
function skipFlags(src: GitSource): string[] {
  return src.disable_ci_skip ? [] : ['--grep=\\[ci skip\\]', '--grep=\\[skip ci\\]', '--invert-grep'];
}

function lines(s: string): string[] {
  return s.split('\n').map((l) => l.trim()).filter(Boolean);
}

async function isRoot(git: Git, dir: string, sha: string): Promise<boolean> {
  const parents = await git.line(dir, ['rev-list', '--parents', '-n', '1', sha]);
  return parents.split(' ').length === 1;
}

async function commitVersions(git: Git, repo: CachedRepo, src: GitSource, from: string | undefined): Promise<ResourceVersion[]> {
  const base = ['rev-list', '--first-parent', ...skipFlags(src)];
  const spec = pathspec(src);
  if (from && await hasCommit(git, repo.dir, from)) {
    const sha = await git.line(repo.dir, ['rev-parse', `${from}^{commit}`]);
    const range = await isRoot(git, repo.dir, sha) ? [repo.ref] : [repo.ref, `^${sha}~1`];
    const out = lines(await git.ok(repo.dir, [...base, '--reverse', ...range, ...spec]));
    return out.map((ref) => ({ ref }));
  }
  const depth = src.version_depth ?? 1;
  const out = lines(await git.ok(repo.dir, [...base, '-n', String(depth), repo.ref, ...spec]));
  return out.reverse().map((ref) => ({ ref }));
}

function tagMatcher(src: GitSource): (tag: string) => boolean {
  if (src.tag_regex) {
    let re: RegExp;
    try { re = new RegExp(`^(?:${src.tag_regex})$`); } catch (e) { throw new BuiltinFailure(`invalid tag_regex: ${(e as Error).message}`); }
    return (t) => re.test(t);
  }
  return () => true; // tag_filter is applied by `git tag --list`
}

async function tagVersions(git: Git, repo: CachedRepo, src: GitSource, from: string | undefined): Promise<ResourceVersion[]> {
  const args = ['tag', '--sort=creatordate'];
  if (src.branch) args.push('--merged', repo.ref);
  const fromKnown = !!from && await hasCommit(git, repo.dir, from);
  if (fromKnown) args.push('--contains', from!);
  if (src.tag_filter) args.push('--list', src.tag_filter);
  const tags = lines(await git.ok(repo.dir, args)).filter(tagMatcher(src));
  // A tagged commit counts only if it passes the other filters (paths, [ci skip]).
  const allowed = new Set(lines(await git.ok(repo.dir, ['rev-list', '--all', '--first-parent', ...skipFlags(src), ...pathspec(src)])));
  const found: ResourceVersion[] = [];
  for (const tag of tags) {
    const commit = await git.line(repo.dir, ['rev-list', '-n', '1', `refs/tags/${tag}`]);
    if (allowed.has(commit)) found.push({ ref: tag, commit });
  }
  if (fromKnown) {
    const at = found.findIndex((v) => v.ref === from);
    return at >= 0 ? found.slice(at) : found;
  }
  return found.slice(-(src.version_depth ?? 1));
}

export async function gitCheck(git: Git, cacheRoot: string, src: GitSource, version: ResourceVersion | null): Promise<ResourceVersion[]> {
  return (await checkInCache(git, cacheRoot, src, version)).versions;
}

async function checkInCache(git: Git, cacheRoot: string, src: GitSource, version: ResourceVersion | null): Promise<{ versions: ResourceVersion[]; repo: CachedRepo }> {
  const tagMode = !!(src.tag_filter || src.tag_regex);
  const repo = await fetchCache(git, cacheRoot, { uri: src.uri, branch: src.branch, tags: tagMode || src.fetch_tags === true });
  const from = version?.ref || undefined;
  return { versions: await (tagMode ? tagVersions(git, repo, src, from) : commitVersions(git, repo, src, from)), repo };
}

/** The most versions of one check that get metadata (a first check with a deep version_depth). */
const METADATA_LIMIT = 500;

/** gitCheck, and for each version the metadata `in` would report for its commit. */
export async function gitCheckWithMetadata(git: Git, cacheRoot: string, src: GitSource, version: ResourceVersion | null): Promise<CheckedVersion[]> {
  const { versions, repo } = await checkInCache(git, cacheRoot, src, version);
  const commitOf = (v: ResourceVersion): string => v.commit ?? v.ref ?? '';
  const described = await commitsMetadata(git, repo.dir, versions.slice(-METADATA_LIMIT).map(commitOf), {
    uri: src.uri,
    // Tag versions of a repository without a branch may live on any branch.
    branch: src.branch || !(src.tag_filter || src.tag_regex) ? repo.branch : undefined,
  });
  return versions.map((v) => {
    const fields = described.get(commitOf(v));
    if (!fields) return { version: v };
    return { version: v, metadata: v.commit ? [...fields, { name: 'tags', value: v.ref! }] : fields };
  });
}
