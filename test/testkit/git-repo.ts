// Throwaway real git repositories for tests: init, commit files, tag, branch, in a temp dir.
// Identity and dates are fixed by env so tests never depend on the machine's git config.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Ada Author', GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Author', GIT_COMMITTER_EMAIL: 'ada@example.com',
  GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null',
};

export class GitRepo {
  private tick = 0;
  constructor(readonly dir: string) {}

  /** A new repository on `branch`; pushes into it update its work tree (updateInstead). */
  static init(opts: { branch?: string; bare?: boolean } = {}): GitRepo {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-test-repo-'));
    const repo = new GitRepo(dir);
    repo.git('init', '-q', `--initial-branch=${opts.branch ?? 'main'}`, ...(opts.bare ? ['--bare'] : []));
    if (!opts.bare) repo.git('config', 'receive.denyCurrentBranch', 'updateInstead');
    return repo;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  }

  /** Writes files (null deletes) and commits them; returns the new commit's sha. Commits get
   *  increasing dates one minute apart so tag and log order never depend on clock resolution. */
  commit(message: string, files: Record<string, string | null> = { [`file-${this.tick}.txt`]: `${this.tick}\n` }): string {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (content === null) { rmSync(full, { force: true }); continue; }
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    this.git('add', '-A');
    this.tick++;
    const date = new Date(Date.UTC(2024, 0, 1, 12, this.tick)).toISOString();
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], {
      cwd: this.dir, env: { ...ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }, stdio: 'ignore',
    });
    return this.head();
  }

  tag(name: string, opts: { message?: string; at?: string } = {}): void {
    this.tick++;
    const date = new Date(Date.UTC(2024, 0, 1, 12, this.tick)).toISOString();
    const args = opts.message ? ['tag', '-a', name, '-m', opts.message] : ['tag', name];
    execFileSync('git', [...args, ...(opts.at ? [opts.at] : [])], { cwd: this.dir, env: { ...ENV, GIT_COMMITTER_DATE: date }, stdio: 'ignore' });
  }

  branch(name: string, opts: { checkout?: boolean } = {}): void {
    if (opts.checkout) this.git('checkout', '-q', '-b', name);
    else this.git('branch', name);
  }

  /** A bare clone of this repository: the right remote when several pushers race (a non-bare
   *  remote's updateInstead work tree is not safe under concurrent pushes). */
  bareClone(): GitRepo {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-test-bare-'));
    execFileSync('git', ['clone', '-q', '--bare', this.dir, dir], { env: ENV, stdio: 'ignore' });
    return new GitRepo(dir);
  }

  checkout(name: string): void { this.git('checkout', '-q', name); }
  head(ref = 'HEAD'): string { return this.git('rev-parse', ref); }
  log(ref = 'HEAD'): string[] { return this.git('log', '--format=%s', ref).split('\n').filter(Boolean); }
  get uri(): string { return `file://${this.dir}`; }
  remove(): void { rmSync(this.dir, { recursive: true, force: true }); }
}

export function tempDir(prefix = 'gantry-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A BuiltinContext as the runner would pass it, collecting log lines. */
export function resourceContext(): { env: Record<string, string>; log(line: string): void; lines: string[]; signal: AbortSignal; privileged: boolean } {
  const lines: string[] = [];
  return { env: {}, lines, log: (l: string) => { lines.push(l); }, signal: new AbortController().signal, privileged: false };
}
