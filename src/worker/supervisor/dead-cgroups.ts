// The last resort for removed memory cgroups the kernel cannot free: most of them are
// emptied by lingering a few seconds after their container (lingering-memcgs.ts); the few
// still charged after the last retry are removed charged and live on in the kernel, unseen,
// with ~1.5 MB of bookkeeping each, until their pages are reclaimed. When the worker has no
// container left, reclaiming the parent cgroup (`gantry/`) takes those pages and frees them
// (after the scale test's 30,000 containers: one reclaim, 299 ms).
// Only then: with live containers the parent's reclaim goes through all their page cache
// too, and took 84 s of kernel time at 1,000 live containers (bench/README).
// The write runs in a child at the lowest priority: the kernel does the reclaim in the
// writer's time, which must come from neither the worker's event loop nor its thread pool.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reclaimWrite } from './lingering-memcgs';

/** When the last live container is gone after removals, but never twice within `minIntervalMs`. */
export interface ReclaimPolicy {
  minIntervalMs: number;
}

export const DEFAULT_RECLAIM_POLICY: ReclaimPolicy = { minIntervalMs: 30_000 };

/** Pure: when the next reclaim may run (epoch ms), or undefined when none is due.
 *  `removed`: removals since the last reclaim; `live`: containers left. */
export function nextReclaimAt(p: ReclaimPolicy, s: { removed: number; live: number; lastAt: number }): number | undefined {
  if (s.removed === 0 || s.live > 0) return undefined;
  return s.lastAt + p.minIntervalMs;
}

/** The memory cgroup dir of the containers' parent cgroup (`parent`, e.g. `gantry`), v1 or
 *  v2; undefined when the host has neither (or no container has made the parent yet). */
export function parentMemoryDir(parent: string, root = '/sys/fs/cgroup'): { dir: string; v2: boolean } | undefined {
  const v1 = join(root, 'memory', parent);
  if (existsSync(join(v1, 'memory.force_empty'))) return { dir: v1, v2: false };
  const v2 = join(root, parent);
  if (existsSync(join(v2, 'memory.reclaim'))) return { dir: v2, v2: true };
  return undefined;
}

export interface ReclaimRun { at: number; ms: number; ok: boolean; error?: string }

export class DeadCgroupReclaim {
  private removed = 0;
  private lastAt = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Settles when the pending timer has fired (and started its run, if still due). */
  private timerFired: Promise<void> | undefined;
  private fire: (() => void) | undefined;
  private closed = false;
  private running: Promise<void> | undefined;
  /** Every reclaim so far, newest last (the tests read it). */
  readonly runs: ReclaimRun[] = [];

  constructor(
    private readonly parent: string,
    /** How many containers the worker has now. */
    private readonly live: () => number,
    private readonly policy: ReclaimPolicy | 'off' = DEFAULT_RECLAIM_POLICY,
    private readonly onRun: (run: ReclaimRun) => void = () => {},
  ) {}

  /** Called after each container removal. */
  removedOne(): void {
    if (this.policy === 'off') return;
    this.removed++;
    this.schedule();
  }

  /** Resolves when no reclaim is running or waiting for its turn. */
  async settled(): Promise<void> {
    while (this.running || this.timerFired) await (this.running ?? this.timerFired);
  }

  /** Stops the timer; a worker that ends with no container left reclaims once more first,
   *  so its last removals leave nothing behind either (`removedCharged`: cgroups the stop
   *  removed while still charged, which also call for it). */
  async close(removedCharged = 0): Promise<void> {
    this.removed += removedCharged;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerFired = undefined;
    this.fire?.(); // a settled() waiting on the timer goes on
    if (this.removed > 0 && this.live() === 0 && !this.running) this.start();
    await this.running;
    this.closed = true;
  }

  private schedule(): void {
    if (this.policy === 'off' || this.closed || this.running || this.timer) return; // a pending run takes these removals too
    const at = nextReclaimAt(this.policy, { removed: this.removed, live: this.live(), lastAt: this.lastAt });
    if (at === undefined) return;
    const wait = at - Date.now();
    if (wait <= 0) { this.start(); return; }
    this.timerFired = new Promise((fired) => {
      this.fire = fired;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.timerFired = undefined;
        if (this.live() === 0) this.start(); // else a later removal asks again
        fired();
      }, wait);
      this.timer.unref();
    });
  }

  private start(): void {
    const target = parentMemoryDir(this.parent);
    this.removed = 0;
    this.lastAt = Date.now();
    if (!target) return;
    const t0 = performance.now();
    const done = (run: ReclaimRun): void => { this.runs.push(run); this.onRun(run); };
    this.running = writeNiced(target).then(
      () => done({ at: this.lastAt, ms: performance.now() - t0, ok: true }),
      (e: Error) => done({ at: this.lastAt, ms: performance.now() - t0, ok: false, error: e.message }),
    ).finally(() => {
      this.running = undefined;
      this.schedule(); // removals made while it ran
    });
  }
}

/** The reclaim write of `reclaimWrite`, from a nice-19 child. v2's amount: the parent's page
 *  cache (memory.stat `file`), what can be given back. */
function writeNiced(target: { dir: string; v2: boolean }): Promise<void> {
  let bytes: number | undefined;
  if (target.v2) {
    bytes = Number(/^file (\d+)$/m.exec(readFileSync(join(target.dir, 'memory.stat'), 'utf8'))?.[1] ?? 0);
    if (bytes === 0) return Promise.resolve();
  }
  const { file, value } = reclaimWrite(target.dir, target.v2, bytes);
  return new Promise((resolve, reject) => {
    const child = spawn('nice', ['-n', '19', 'sh', '-c', 'echo "$1" > "$0"', file, value], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    // v2's reclaim answers EAGAIN when it could not give back the whole amount: still done.
    child.on('close', (code) => (code === 0 || target.v2 ? resolve() : reject(new Error(err.trim() || `exit ${code}`))));
  });
}

/** A log line for each reclaim, for the worker's own log. */
export function logReclaim(log: (message: string) => void): (run: ReclaimRun) => void {
  return (run) => log(run.ok
    ? `reclaimed the page cache that kept removed containers' memory cgroups alive (${Math.round(run.ms)} ms)`
    : `could not reclaim the page cache of removed containers' memory cgroups: ${run.error}`);
}
