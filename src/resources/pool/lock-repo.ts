// Changing a pool's state in its git repository, safely under concurrency: every attempt
// starts from a fresh copy of the remote branch, makes one commit and pushes it. A rejected
// push (someone else changed the pool first) or a no-op push (someone made the identical
// commit in the same second) means we lost the race: start over from the new state. So two
// acquirers can never both move the same lock: only one push of that move can land.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuiltinFailure } from '../builtin/types';
import { pushRejected, pushUpToDate, type Git } from '../git/git-cli';
import { normalizeUri } from '../git/source';

export interface PoolConfig { uri: string; branch: string; pool: string; retryDelayMs: number; buildUrl?: string }

/** What one attempt decided after looking at the pool. */
export type Step =
  | { kind: 'commit'; lock: string; message: string }   // staged changes to commit and push
  | { kind: 'wait'; reason: string }                     // try again after retry_delay
  | { kind: 'done'; lock: string };                      // nothing to change

export interface PoolView {
  dir: string;                          // the working copy's root
  unclaimed(): string[];
  claimed(): string[];
  path(state: 'claimed' | 'unclaimed', lock: string): string;   // relative to dir
}

function locksIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort();
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(signal!.reason); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function refresh(git: Git, work: string, cfg: PoolConfig): Promise<void> {
  const r = await git.run(work, ['fetch', '-q', '--no-tags', normalizeUri(cfg.uri), `+refs/heads/${cfg.branch}:refs/remotes/origin/${cfg.branch}`]);
  if (r.code !== 0) throw new BuiltinFailure(`git fetch failed: ${r.stderr.trim()}`);
  await git.ok(work, ['checkout', '-q', '-f', '-B', cfg.branch, `origin/${cfg.branch}`]);
  await git.ok(work, ['clean', '-q', '-f', '-f', '-d']);
}

/** Runs `decide` on fresh copies of the pool until its change is pushed (or it is done). */
export async function transact(git: Git, cfg: PoolConfig, log: (l: string) => void, signal: AbortSignal | undefined,
  decide: (view: PoolView) => Promise<Step> | Step): Promise<{ ref: string; lock: string }> {
  const work = mkdtempSync(join(tmpdir(), 'gantry-pool-'));
  try {
    await git.ok(work, ['init', '-q']);
    const view: PoolView = {
      dir: work,
      unclaimed: () => locksIn(join(work, cfg.pool, 'unclaimed')),
      claimed: () => locksIn(join(work, cfg.pool, 'claimed')),
      path: (state, lock) => join(cfg.pool, state, lock),
    };
    for (;;) {
      await refresh(git, work, cfg);
      const step = await decide(view);
      if (step.kind === 'done') return { ref: await git.line(work, ['rev-parse', 'HEAD']), lock: step.lock };
      if (step.kind === 'wait') {
        log(`${step.reason}; retrying in ${cfg.retryDelayMs / 1000}s`);
        await sleep(cfg.retryDelayMs, signal);
        continue;
      }
      const message = cfg.buildUrl ? `${step.message}\nBuild URL: ${cfg.buildUrl}` : step.message;
      await git.ok(work, ['commit', '-q', '-m', message]);
      const p = await git.run(work, ['push', '--porcelain', normalizeUri(cfg.uri), `HEAD:refs/heads/${cfg.branch}`]);
      if (p.code === 0 && !pushUpToDate(p.stdout)) return { ref: await git.line(work, ['rev-parse', 'HEAD']), lock: step.lock };
      if (p.code !== 0 && !pushRejected(p)) throw new BuiltinFailure(`git push failed: ${p.stderr.trim()}\n${p.stdout.trim()}`);
      log(`the pool changed while ${step.message.split(':')[0]}; trying again`);
      await sleep(Math.floor(Math.random() * 50), signal); // spread out racers a little
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
