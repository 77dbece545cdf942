// Where a semver lives. `git` is semver-resource's git driver (a file on a branch, each
// change a commit, bumps compare-and-swap through push rejection). `file` is a Gantry
// addition for offline use: a plain file under the worker's state dir, bumps serialised by
// an exclusive lock file.
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { BuiltinFailure } from '../builtin/types';
import { fetchCache } from '../git/cache';
import { pushRejected, pushUpToDate, type Git } from '../git/git-cli';
import { normalizeUri } from '../git/source';
import { compareSemver, formatSemver, parseSemver, type SemVer } from './version';

export interface SemverDriver {
  /** The stored version, or undefined when nothing is stored yet. */
  current(): Promise<SemVer | undefined>;
  /** Stored versions from `cursor` (inclusive, if still in history) to the current one, oldest first. */
  since(cursor: SemVer): Promise<SemVer[]>;
  /** Atomically replaces the stored version by `fn(current ?? initial)`; returns what was stored. */
  update(fn: (current: SemVer | undefined) => SemVer): Promise<SemVer>;
}

const MAX_ATTEMPTS = 12;

export interface GitDriverConfig { uri: string; branch: string; file: string; cacheDir: string; gitUser?: string; commitMessage?: string }

function parseUser(text: string): { name?: string; email: string } {
  const m = /^\s*(?:"?([^"<]*?)"?\s*)?<([^>]+)>\s*$/.exec(text);
  if (m) return { name: m[1] || undefined, email: m[2]! };
  if (/^[^\s@]+@[^\s@]+$/.test(text.trim())) return { email: text.trim() };
  throw new BuiltinFailure(`mail: invalid git_user "${text}"`);
}

export function gitDriver(git: Git, cfg: GitDriverConfig): SemverDriver {
  const read = async (): Promise<{ dir: string; ref: string; exists: boolean }> => {
    try {
      const repo = await fetchCache(git, cfg.cacheDir, { uri: cfg.uri, branch: cfg.branch, tags: false });
      return { dir: repo.dir, ref: repo.ref, exists: true };
    } catch (e) {
      if (e instanceof BuiltinFailure && /not found in/.test(e.message)) return { dir: '', ref: '', exists: false };
      throw e;
    }
  };
  const show = async (dir: string, rev: string): Promise<SemVer | undefined> => {
    const r = await git.run(dir, ['show', `${rev}:${cfg.file}`]);
    return r.code === 0 && r.stdout.trim() ? parseSemver(r.stdout.trim().split(/\s+/)[0]!) : undefined;
  };
  return {
    async current() {
      const repo = await read();
      return repo.exists ? show(repo.dir, repo.ref) : undefined;
    },
    async since(cursor) {
      const repo = await read();
      const now = repo.exists ? await show(repo.dir, repo.ref) : undefined;
      if (!now) return [];
      if (compareSemver(cursor, now) >= 0) return [now];
      const commits = (await git.ok(repo.dir, ['log', '--format=%H', repo.ref, '--', cfg.file], { quiet: true })).split('\n').filter(Boolean);
      const found: SemVer[] = [now];
      for (const c of commits.slice(1)) {
        const v = await show(repo.dir, c);
        if (!v || compareSemver(cursor, v) > 0) break;
        found.push(v);
      }
      return found.reverse();
    },
    async update(fn) {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const written = await tryWrite(git, cfg, fn);
        if (written) return written;
      }
      throw new BuiltinFailure(`could not push the version after ${MAX_ATTEMPTS} attempts (the branch keeps moving)`);
    },
  };
}

/** One compare-and-swap round: fresh checkout, write, commit, push. Undefined = lost the race. */
async function tryWrite(git: Git, cfg: GitDriverConfig, fn: (current: SemVer | undefined) => SemVer): Promise<SemVer | undefined> {
  const work = mkdtempSync(join(tmpdir(), 'gantry-semver-'));
  try {
    await git.ok(work, ['init', '-q']);
    const f = await git.run(work, ['fetch', '-q', '--no-tags', normalizeUri(cfg.uri), `+refs/heads/${cfg.branch}:refs/remotes/origin/${cfg.branch}`]);
    const branchExists = f.code === 0;
    if (!branchExists && !/couldn't find remote ref/i.test(f.stderr)) throw new BuiltinFailure(`git fetch failed: ${f.stderr.trim()}`);
    if (branchExists) await git.ok(work, ['checkout', '-q', '-B', cfg.branch, `origin/${cfg.branch}`]);
    else await git.ok(work, ['checkout', '-q', '--orphan', cfg.branch]);
    const path = join(work, cfg.file);
    const current = existsSync(path) && readFileSync(path, 'utf8').trim() ? parseSemver(readFileSync(path, 'utf8').trim().split(/\s+/)[0]!) : undefined;
    const next = fn(current);
    const text = formatSemver(next);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${text}\n`);
    await git.ok(work, ['add', '--', cfg.file]);
    const message = (cfg.commitMessage ?? 'bump to %version%').replaceAll('%version%', text).replaceAll('%file%', cfg.file);
    const user = cfg.gitUser ? parseUser(cfg.gitUser) : undefined;
    const ident = user ? ['-c', `user.email=${user.email}`, ...(user.name ? ['-c', `user.name=${user.name}`] : [])] : [];
    const c = await git.run(work, [...ident, 'commit', '-q', '-m', message]);
    if (c.code !== 0 && !/nothing to commit/.test(c.stdout + c.stderr)) throw new BuiltinFailure(`git commit failed: ${c.stderr.trim()}`);
    const p = await git.run(work, ['push', '--porcelain', normalizeUri(cfg.uri), `HEAD:refs/heads/${cfg.branch}`]);
    // Two racers writing the same version in the same second make the same commit: the
    // second push is then a no-op, and it lost the race (semver-resource checks the same).
    if (p.code === 0) return pushUpToDate(p.stdout) ? undefined : next;
    if (pushRejected(p)) return undefined;
    throw new BuiltinFailure(`git push failed: ${p.stderr.trim()}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `file` names a path under `root` (the worker's semver dir); no absolute paths, no `..`. */
export function fileDriver(root: string, file: string): SemverDriver {
  const rel = posix.normalize(file);
  if (!file || rel.startsWith('/') || rel === '..' || rel.startsWith('../') || rel === '.') {
    throw new BuiltinFailure(`source.file must be a relative path inside the worker's semver store, got "${file}"`);
  }
  const path = join(root, rel);
  const read = (): SemVer | undefined => {
    if (!existsSync(path)) return undefined;
    const text = readFileSync(path, 'utf8').trim();
    return text ? parseSemver(text) : undefined;
  };
  return {
    async current() { return read(); },
    async since() { const v = read(); return v ? [v] : []; },
    async update(fn) {
      mkdirSync(dirname(path), { recursive: true });
      return withLock(`${path}.lock`, () => {
        const next = fn(read());
        const tmp = `${path}.${process.pid}.tmp`;
        writeFileSync(tmp, `${formatSemver(next)}\n`);
        renameSync(tmp, path);
        return next;
      });
    },
  };
}

async function withLock<T>(lockPath: string, fn: () => T): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      closeSync(openSync(lockPath, 'wx'));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock older than a minute belongs to a process that died mid-write.
      try { if (Date.now() - statSync(lockPath).mtimeMs > 60_000) rmSync(lockPath, { force: true }); } catch { /* gone already */ }
      if (i > 2000) throw new BuiltinFailure(`timed out waiting for ${lockPath}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  try { return fn(); } finally { rmSync(lockPath, { force: true }); }
}

