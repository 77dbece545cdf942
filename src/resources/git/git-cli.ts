// Runs the system `git` binary (never a library: the behaviour users debug is git's own).
// Credentials never touch a config file: an ssh key goes to a 0600 temp file named in
// GIT_SSH_COMMAND, http(s) credentials and `git_config` pairs travel as GIT_CONFIG_* env
// entries, which git reads as if they were `-c` options but which stay out of `ps`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuiltinFailure } from '../builtin/types';
import { safeConfig } from './safety';

export interface GitAuth {
  private_key?: string;
  private_key_user?: string;
  username?: string;
  password?: string;
  git_config?: { name: string; value: string }[];
  skip_ssl_verification?: boolean;
}

export interface GitResult { code: number; stdout: string; stderr: string }

/** One git environment: auth set up once, torn down by `dispose()`. */
export class Git {
  private readonly env: Record<string, string>;
  private keyDir: string | undefined;

  constructor(auth: GitAuth = {}, private readonly signal?: AbortSignal, private readonly log?: (line: string) => void) {
    this.env = { ...process.env as Record<string, string>, GIT_TERMINAL_PROMPT: '0', GIT_LFS_SKIP_SMUDGE: '1', LC_ALL: 'C' };
    const config: [string, string][] = [];
    // A committer is needed for rebases, merges and annotated tags; git_config may override it.
    if (!process.env.GIT_COMMITTER_NAME) config.push(['user.name', 'Gantry'], ['user.email', 'gantry@localhost']);
    if (auth.private_key) {
      this.keyDir = mkdtempSync(join(tmpdir(), 'gantry-git-key-'));
      const keyFile = join(this.keyDir, 'key');
      writeFileSync(keyFile, `${auth.private_key.trimEnd()}\n`, { mode: 0o600 });
      const user = auth.private_key_user ? ` -o User=${shellWord(auth.private_key_user)}` : '';
      this.env.GIT_SSH_COMMAND = `ssh -i ${shellWord(keyFile)} -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes${user}`;
    }
    if (auth.username !== undefined && auth.password !== undefined) {
      this.env.GANTRY_GIT_USERNAME = auth.username;
      this.env.GANTRY_GIT_PASSWORD = auth.password;
      config.push(['credential.helper', '!f() { echo "username=$GANTRY_GIT_USERNAME"; echo "password=$GANTRY_GIT_PASSWORD"; }; f']);
    }
    if (auth.skip_ssl_verification) this.env.GIT_SSL_NO_VERIFY = 'true';
    for (const { name, value } of auth.git_config ?? []) config.push([name, safeConfig(name, String(value)).value]);
    config.forEach(([k, v], i) => { this.env[`GIT_CONFIG_KEY_${i}`] = k; this.env[`GIT_CONFIG_VALUE_${i}`] = v; });
    this.env.GIT_CONFIG_COUNT = String(config.length);
  }

  /** Runs git; resolves with the exit code (never rejects for a non-zero exit). */
  run(cwd: string, args: string[], opts: { input?: string } = {}): Promise<GitResult> {
    return new Promise((resolve, reject) => {
      const stdin = opts.input === undefined ? 'ignore' : 'pipe';
      const child = spawn('git', args, { cwd, env: this.env, signal: this.signal, stdio: [stdin, 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout!.on('data', (b: Buffer) => out.push(b));
      child.stderr!.on('data', (b: Buffer) => err.push(b));
      child.on('error', (e) => reject(this.signal?.aborted ? this.signal.reason : e));
      child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
      if (child.stdin) {
        child.stdin.on('error', () => undefined); // git may exit before reading all of it
        child.stdin.end(opts.input);
      }
    });
  }

  /** Runs git and fails the step (with git's own message) on a non-zero exit. */
  async ok(cwd: string, args: string[], opts: { input?: string; quiet?: boolean } = {}): Promise<string> {
    const r = await this.run(cwd, args, opts);
    if (r.code !== 0) throw new BuiltinFailure(`git ${args[0]} failed: ${r.stderr.trim() || r.stdout.trim() || `exit ${r.code}`}`);
    if (!opts.quiet && this.log && r.stderr.trim()) this.log(r.stderr.trimEnd());
    return r.stdout;
  }

  /** First line of stdout, trimmed. */
  async line(cwd: string, args: string[]): Promise<string> {
    return (await this.ok(cwd, args, { quiet: true })).split('\n')[0]!.trim();
  }

  dispose(): void {
    if (this.keyDir) rmSync(this.keyDir, { recursive: true, force: true });
    this.keyDir = undefined;
  }
}

function shellWord(s: string): string {
  return `'${s.replaceAll("'", "'\\''")}'`;
}

/** Runs `fn` with a Git set up for `auth`, always removing the key file afterwards. */
export async function withGit<T>(auth: GitAuth, signal: AbortSignal | undefined, log: ((l: string) => void) | undefined,
  fn: (git: Git) => Promise<T>): Promise<T> {
  const git = new Git(auth, signal, log);
  try { return await fn(git); } finally { git.dispose(); }
}

/** Whether git's push output says the remote moved on (worth fetching and trying again). */
export function pushRejected(r: GitResult): boolean {
  return /\[rejected\]|cannot lock ref|non-fast-forward|fetch first|failed to update ref|stale info/.test(`${r.stderr}\n${r.stdout}`);
}

/** Whether a `git push --porcelain` changed nothing (every ref line flagged `=`). */
export function pushUpToDate(porcelain: string): boolean {
  const refs = porcelain.split('\n').filter((l) => /^[ +\-*!=]\t/.test(l));
  return refs.length > 0 && refs.every((l) => l.startsWith('='));
}
