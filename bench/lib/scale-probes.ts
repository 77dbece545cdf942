// Side measurements for the scale row: the web node's API latency sampled all along, the
// node process's memory and descriptors, the host's free memory and pids, and what a worker
// left behind (runc state, mounts, cgroups) after it is gone.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmdirSync } from 'node:fs';
import { request } from 'node:http';
import { percentile } from './stats';

export class ApiProbe {
  /** at: performance.now() of the request; ms: to the end of the answer; connectMs: to the TCP connect. */
  samples: { at: number; ms: number; connectMs: number; ok: boolean }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(private readonly url: string, private readonly token: string, private readonly everyMs = 250) {}

  start(): void {
    this.timer = setInterval(() => void this.once(), this.everyMs);
  }

  private async once(): Promise<void> {
    if (this.busy) return; // a slow answer is one long sample, not a pile of overlapping ones
    this.busy = true;
    const t0 = performance.now();
    let connectMs = NaN;
    // A fresh connection per sample (agent: false), so a slow accept shows as connectMs.
    const ok = await new Promise<boolean>((resolve) => {
      const req = request(this.url, { agent: false, headers: this.token ? { Authorization: `Bearer ${this.token}` } : {} }, (res) => {
        res.resume();
        res.on('end', () => resolve((res.statusCode ?? 0) < 300));
        res.on('error', () => resolve(false));
      });
      req.on('socket', (s) => s.once('connect', () => { connectMs = performance.now() - t0; }));
      req.setTimeout(60_000, () => req.destroy());
      req.on('error', () => resolve(false));
      req.end();
    });
    this.samples.push({ at: t0, ms: performance.now() - t0, connectMs, ok });
    this.busy = false;
  }

  /** p50, p99, max and failures of the samples taken since `since` (performance.now()); connectMax: the slowest TCP connect. */
  summary(since = 0, within?: [number, number][]): { p50: number; p99: number; max: number; connectMax: number; n: number; failed: number } {
    const s = this.samples.filter((x) => x.at >= since && (!within || within.some(([a, b]) => x.at >= a && x.at + x.ms <= b)));
    const ms = s.map((x) => x.ms);
    if (ms.length === 0) return { p50: NaN, p99: NaN, max: NaN, connectMax: NaN, n: 0, failed: 0 };
    return { p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms), connectMax: Math.max(...s.map((x) => x.connectMs).filter((x) => !Number.isNaN(x))),
      n: s.length, failed: s.filter((x) => !x.ok).length };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export function processFacts(pid: number): { rssMb: number; fds: number } {
  try {
    const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { rssMb: rss ? Number(rss[1]) / 1024 : NaN, fds: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return { rssMb: NaN, fds: NaN };
  }
}

export function memAvailableMb(): number {
  const m = /MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Memory cgroups the kernel holds, removed ones that it cannot free yet included
 *  (/proc/cgroups); the dirs that still exist are the live ones. */
export function memoryCgroups(): number {
  const m = /^memory\s+\d+\s+(\d+)/m.exec(readFileSync('/proc/cgroups', 'utf8'));
  return m ? Number(m[1]) : NaN;
}

export function pidsInUse(): number {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).reduce((n, d) => {
    try { return n + readdirSync(`/proc/${d}/task`).length; } catch { return n; }
  }, 0);
}

export const pidMax = (): number => Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));

const CGROUP_CONTROLLERS = ['memory', 'pids', 'cpu', 'cpuacct', 'blkio', 'devices', 'freezer', 'cpuset'];

/** The cgroup dirs a runc worker at workDir names `/gantry/<hash of workDir>-<handle>`. */
export function workerCgroups(workDir: string): string[] {
  const prefix = createHash('sha256').update(workDir).digest('hex').slice(0, 8) + '-';
  const out: string[] = [];
  for (const c of CGROUP_CONTROLLERS) {
    try {
      for (const d of readdirSync(`/sys/fs/cgroup/${c}/gantry`)) if (d.startsWith(prefix)) out.push(`/sys/fs/cgroup/${c}/gantry/${d}`);
    } catch { /* controller not mounted */ }
  }
  return out;
}

export function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '').filter((p) => p.startsWith(dir));
}

export function runcIds(root: string): string[] {
  try { return readdirSync(root); } catch { return []; }
}

/** What a worker at workDir left behind; with `remove`, also clears it (Ctrl-C, a crash). */
export interface Leftovers { containers: number; mounts: number; cgroups: number; volumeMounts: number }

/** What a worker at workDir left behind; with `remove`, also clears it (Ctrl-C, a crash).
 *  Volume mounts are counted apart: a stopped worker keeps them on purpose for its restart. */
export function leftovers(workDir: string, remove = false): Leftovers {
  const root = `${workDir}/runc`;
  const mounts = mountsUnder(workDir);
  const volumeMounts = mounts.filter((m) => m.startsWith(`${workDir}/volumes/`)).length;
  const found = { containers: runcIds(root).length, mounts: mounts.length - volumeMounts, cgroups: workerCgroups(workDir).length, volumeMounts };
  if (remove) {
    for (const id of runcIds(root)) {
      spawnSync('runc', ['--root', root, 'kill', id, 'KILL'], { stdio: 'ignore' });
      spawnSync('runc', ['--root', root, 'delete', '-f', id], { stdio: 'ignore' });
    }
    for (const m of mountsUnder(workDir).reverse()) spawnSync('umount', ['-l', m], { stdio: 'ignore' });
    for (const cg of workerCgroups(workDir)) { try { rmdirSync(cg); } catch { /* still busy */ } }
  }
  return found;
}
