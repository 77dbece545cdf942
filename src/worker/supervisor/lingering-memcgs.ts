// A removed container's memory cgroup whose page cache could not all be reclaimed at
// removal is kept a little longer, empty of processes, and emptied again before it goes.
// What stays charged is the file system's metadata (ext4 inode-table and directory blocks
// the container's start read or wrote): at removal the journal still holds those blocks, so
// the reclaim cannot drop them; a few seconds later, once the journal has committed, it can.
// Removed at once instead, the cgroup lived on in the kernel, unseen, with ~1.5 MB of
// bookkeeping, until memory pressure happened to reclaim those pages: the scale test's
// churn left ~35% of its removed containers that way (bench/README, "Dead memory cgroups").
import { readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** When each retry comes after the removal (ms); after the last the cgroup goes anyway. */
export const LINGER_DELAYS_MS = [5_000, 15_000, 45_000];

/** Page cache still charged to a memory cgroup: v1's `cache`, v2's `file` (bytes). */
export async function pageCacheOf(memoryDir: string): Promise<number> {
  const stat = await readFile(join(memoryDir, 'memory.stat'), 'utf8');
  return Number(/^(?:cache|file) (\d+)$/m.exec(stat)?.[1] ?? 0);
}

/** Empties a memory cgroup of what can be reclaimed: v1's `memory.force_empty`, v2's
 *  `memory.reclaim`. Best effort: a kernel without either keeps its pages. */
export async function reclaimCgroup(memoryDir: string, v2: boolean): Promise<void> {
  if (v2) await writeFile(join(memoryDir, 'memory.reclaim'), '1G').catch(() => undefined);
  else await writeFile(join(memoryDir, 'memory.force_empty'), '0').catch(() => undefined);
}

interface Waiting { dir: string; v2: boolean; tries: number; due: number }

export class LingeringMemoryCgroups {
  private readonly waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** How many went on a retry and how many still had page cache at the last one. */
  readonly counts = { lingered: 0, freedLater: 0, removedCharged: 0 };

  constructor(private readonly delaysMs: number[] = LINGER_DELAYS_MS) {}

  get size(): number {
    return this.waiting.length;
  }

  /** Takes a cgroup dir that still has page cache after its removal's reclaim. */
  add(dir: string, v2: boolean): void {
    this.counts.lingered++;
    this.waiting.push({ dir, v2, tries: 0, due: Date.now() + this.delaysMs[0]! });
    this.arm();
  }

  /** Removes every waiting cgroup now (the worker is stopping). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.waiting.splice(0)) await this.retry(w, true);
  }

  private arm(): void {
    if (this.timer || this.waiting.length === 0) return;
    const next = Math.min(...this.waiting.map((w) => w.due));
    this.timer = setTimeout(() => { this.timer = undefined; void this.due(); }, Math.max(0, next - Date.now()));
    this.timer.unref();
  }

  private async due(): Promise<void> {
    const now = Date.now();
    const ready = this.waiting.filter((w) => w.due <= now);
    for (const w of ready) this.waiting.splice(this.waiting.indexOf(w), 1);
    for (const w of ready) await this.retry(w, false);
    this.arm();
  }

  private async retry(w: Waiting, last: boolean): Promise<void> {
    w.tries++;
    await reclaimCgroup(w.dir, w.v2);
    const left = await pageCacheOf(w.dir).catch(() => 0);
    const final = last || w.tries >= this.delaysMs.length;
    if (left > 0 && !final) {
      w.due = Date.now() + this.delaysMs[w.tries]! - this.delaysMs[w.tries - 1]!;
      this.waiting.push(w);
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
