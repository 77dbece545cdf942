// A removed container's memory cgroup whose page cache could not all be reclaimed at
// removal is kept a little longer, empty of processes, and emptied again before it goes.
// What stays charged is the file system's metadata (ext4 inode-table and directory blocks
// the container's start read or wrote): at removal the journal still holds those blocks, so
// the reclaim cannot drop them; a few seconds later, once the journal has committed, it can.
// Removed at once instead, the cgroup lived on in the kernel, unseen, with ~1.5 MB of
// bookkeeping, until memory pressure happened to reclaim those pages: the scale test's
// churn left ~35% of its removed containers that way (bench/README, "The night run").
import { readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** When each retry comes after the removal (ms); after the last the cgroup goes anyway. */
export const LINGER_DELAYS_MS = [5_000, 15_000, 45_000];

/** Page cache still charged to a memory cgroup: v1's `cache`, v2's `file` (bytes). */
export async function pageCacheOf(memoryDir: string): Promise<number> {
  const stat = await readFile(join(memoryDir, 'memory.stat'), 'utf8');
  return Number(/^(?:cache|file) (\d+)$/m.exec(stat)?.[1] ?? 0);
}

/** What to write to empty a memory cgroup: v1's `memory.force_empty` (any value reclaims
 *  all it can), v2's `memory.reclaim` (an amount: `bytes`, default 1 GB). */
export function reclaimWrite(memoryDir: string, v2: boolean, bytes = 1 << 30): { file: string; value: string } {
  return v2 ? { file: join(memoryDir, 'memory.reclaim'), value: String(bytes) } : { file: join(memoryDir, 'memory.force_empty'), value: '0' };
}

/** Empties a memory cgroup of what can be reclaimed. Best effort: a kernel without either
 *  file keeps its pages. */
export async function reclaimCgroup(memoryDir: string, v2: boolean): Promise<void> {
  const w = reclaimWrite(memoryDir, v2);
  await writeFile(w.file, w.value).catch(() => undefined);
}

interface Waiting { dir: string; v2: boolean; due: number }

export class LingeringMemoryCgroups {
  /** One queue per retry: each stage's delay is the same for all, so each queue is in due order. */
  private readonly stages: Waiting[][];
  private timer: NodeJS.Timeout | undefined;
  private emptied: (() => void)[] = [];
  /** How many went on a retry and how many still had page cache at the last one. */
  readonly counts = { lingered: 0, freedLater: 0, removedCharged: 0 };

  constructor(private readonly delaysMs: number[] = LINGER_DELAYS_MS) {
    this.stages = delaysMs.map(() => []);
  }

  get size(): number {
    return this.stages.reduce((n, q) => n + q.length, 0);
  }

  /** Takes a cgroup dir that still has page cache after its removal's reclaim. */
  add(dir: string, v2: boolean): void {
    this.counts.lingered++;
    this.stages[0]!.push({ dir, v2, due: Date.now() + this.delaysMs[0]! });
    this.arm();
  }

  /** Resolves once no cgroup waits for a retry (the tests use it). */
  whenEmpty(): Promise<void> {
    return this.size === 0 ? Promise.resolve() : new Promise((resolve) => this.emptied.push(resolve));
  }

  /** Removes every waiting cgroup now (the worker is stopping); says how many still had
   *  page cache (the caller then reclaims their parent). */
  async flush(): Promise<number> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const before = this.counts.removedCharged;
    for (const q of this.stages) for (const w of q.splice(0)) await this.retry(w, this.stages.length - 1);
    this.notifyEmpty();
    return this.counts.removedCharged - before;
  }

  private notifyEmpty(): void {
    if (this.size > 0) return;
    for (const resolve of this.emptied.splice(0)) resolve();
  }

  private arm(): void {
    const heads = this.stages.filter((q) => q.length > 0).map((q) => q[0]!.due);
    if (this.timer || heads.length === 0) return;
    this.timer = setTimeout(() => { this.timer = undefined; void this.due(); }, Math.max(0, Math.min(...heads) - Date.now()));
    this.timer.unref();
  }

  private async due(): Promise<void> {
    const now = Date.now();
    for (const [stage, q] of this.stages.entries()) {
      while (q.length > 0 && q[0]!.due <= now) await this.retry(q.shift()!, stage);
    }
    this.notifyEmpty();
    this.arm();
  }

  private async retry(w: Waiting, stage: number): Promise<void> {
    await reclaimCgroup(w.dir, w.v2);
    const left = await pageCacheOf(w.dir).catch(() => 0);
    const next = stage + 1;
    if (left > 0 && next < this.delaysMs.length) {
      this.stages[next]!.push({ ...w, due: Date.now() + this.delaysMs[next]! - this.delaysMs[stage]! });
      return;
    }
    if (left === 0) this.counts.freedLater++;
    else this.counts.removedCharged++;
    await rmdir(w.dir).catch(() => undefined); // gone already, or a process slipped in: nothing to do
  }
}

/** Removes the memory cgroups (`<prefix>-…` under the parent) that a previous run of this
 *  worker left lingering when it died; called at start, after its containers were swept. */
export async function sweepLingering(parent: string, prefix: string, root = '/sys/fs/cgroup'): Promise<void> {
  for (const dir of [join(root, 'memory', parent), join(root, parent)]) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.startsWith(`${prefix}-`))) await rmdir(join(dir, name)).catch(() => undefined);
  }
}
