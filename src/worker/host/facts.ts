// What this host supports, probed once at worker start: capabilities the worker may hand
// out, whether swap can be limited, whether overlayfs mounts work in the work dir, and
// where a container's memory cgroup reports OOM kills.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { capsFromMask } from '../spec/profiles';
import { command } from './command';

export interface HostFacts {
  hostCaps: string[];
  swapLimit: boolean;
  overlay: boolean;
  /** Files that may hold `oom_kill N` for a cgroups path, v1 first. */
  oomFiles(cgroupsPath: string): string[];
}

export async function probeHost(workDir: string): Promise<HostFacts> {
  const status = readFileSync('/proc/self/status', 'utf8');
  const bnd = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status)?.[1] ?? '0';
  return {
    hostCaps: capsFromMask(bnd),
    swapLimit: existsSync('/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes'),
    overlay: await overlayWorks(workDir),
    oomFiles: (p) => [join('/sys/fs/cgroup/memory', p, 'memory.oom_control'), join('/sys/fs/cgroup', p, 'memory.events')],
  };
}

async function overlayWorks(workDir: string): Promise<boolean> {
  const dir = join(workDir, `.overlay-probe-${process.pid}`);
  for (const d of ['lower', 'upper', 'work', 'merged']) mkdirSync(join(dir, d), { recursive: true });
  try {
    await command('mount', ['-t', 'overlay', 'overlay', '-o',
      `lowerdir=${dir}/lower,upperdir=${dir}/upper,workdir=${dir}/work`, `${dir}/merged`]);
    await command('umount', [`${dir}/merged`]);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether the cgroup's OOM killer struck (v1 memory.oom_control or v2 memory.events). */
export function oomKilled(facts: HostFacts, cgroupsPath: string): boolean {
  for (const file of facts.oomFiles(cgroupsPath)) {
    try {
      const m = /^oom_kill (\d+)$/m.exec(readFileSync(file, 'utf8'));
      if (m) return Number(m[1]) > 0;
    } catch { /* not this cgroup layout */ }
  }
  return false;
}
