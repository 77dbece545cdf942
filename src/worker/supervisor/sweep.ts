// Removes what a previous worker run left behind: its runc containers (killed, deleted),
// the mounts under its container dirs, and the dirs themselves. Nothing survives a restart
// except volumes, which the web node still tracks and garbage-collects.
import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { command } from '../host/command';
import { mountsUnder, unmountAll } from '../host/mounts';

export async function sweepContainers(runcRoot: string, containersDir: string): Promise<void> {
  const ids = await runcIds(runcRoot);
  await inBatches(ids, 16, async (id) => {
    await command('runc', ['--root', runcRoot, 'kill', id, 'KILL']).catch(() => undefined);
    await command('runc', ['--root', runcRoot, 'delete', '-f', id]).catch(() => undefined);
  });
  await unmountAll(mountsUnder(containersDir));
  await inBatches(readdirSync(containersDir), 16, (name) => rm(join(containersDir, name), { recursive: true, force: true }));
}

async function runcIds(runcRoot: string): Promise<string[]> {
  try {
    const { stdout } = await command('runc', ['--root', runcRoot, 'list', '--format', 'json']);
    const list = JSON.parse(stdout || 'null') as { id: string }[] | null;
    return (list ?? []).map((c) => c.id);
  } catch {
    return [];
  }
}

async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => { while (next < items.length) await fn(items[next++]!); };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
