// Removes what a previous worker run left behind: its containers (killed, deleted),
// the mounts under its container dirs, and the dirs themselves. Nothing survives a restart
// except volumes, which the web node still tracks and garbage-collects.
import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { command } from '../host/command';
import { mountsUnder, unmountAll } from '../host/mounts';
import { readRecord } from './oci-runtime';
import { removeDirectly, type RuntimeRoot } from './runc-state';

export async function sweepContainers(at: RuntimeRoot, containersDir: string): Promise<void> {
  // Every state dir, not `runc list`: that fails as a whole on one half-written state.
  const ids = readdirSync(at.root);
  await inBatches(ids, 16, (id) => removeLeftover(at, id));
  await unmountAll(mountsUnder(containersDir));
  await inBatches(readdirSync(containersDir), 16, (name) => rm(join(containersDir, name), { recursive: true, force: true }));
}

/** Kills the container's init directly (checked against the start time the runtime
 *  recorded, so a reused pid is never hit) and deletes it from its record; `<runtime> delete
 *  -f` when that fails. At thousands of leftovers this avoids two process starts per container. */
async function removeLeftover(at: RuntimeRoot, id: string): Promise<void> {
  try {
    const { pid, startTime: recorded } = await readRecord(at.runtime, at.root, id);
    if (pid > 0 && startTime(pid) === recorded) {
      process.kill(pid, 'SIGKILL');
      await gone(pid);
    }
    for (let attempt = 0; attempt < 20; attempt++) {
      if (await removeDirectly(at, id)) return;
      await new Promise((r) => setTimeout(r, 10)); // cgroup still emptying
    }
  } catch { /* fall through to the runtime */ }
  await command(at.runtime, ['--root', at.root, 'delete', '-f', id]).catch(() => undefined);
  await rm(join(at.root, id), { recursive: true, force: true });
}

/** Field 22 of /proc/PID/stat (start time in clock ticks), as runc and crun record it. */
function startTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return undefined;
  }
}

/** Resolves once `pid` has exited (a zombie counts: its parent, now PID 1, reaps it). */
async function gone(pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return;
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => { while (next < items.length) await fn(items[next++]!); };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
