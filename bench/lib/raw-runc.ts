// The raw baseline for the scale row: detached `runc run -d` containers of the same busybox
// rootfs under a runc root of the bench's own, started N at a time, then killed and deleted.
// The binary is the bench run's OCI runtime (runc, or crun with GANTRY_RUNTIME=crun).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ociSpec } from '../../src/worker';
import { busyboxRootfs } from '../../test/testkit/busybox-rootfs';
import { BENCH_RUNTIME } from './row';

export class RawRunc {
  private readonly bundle: string;
  private readonly root: string;
  private seq = 0;

  /** `argv`: the containers' program (default: sleep), run as their pid 1. */
  constructor(private readonly dir: string, argv: string[] = ['sleep', '1000000']) {
    this.bundle = join(dir, 'bundle');
    this.root = join(dir, 'state');
    mkdirSync(this.bundle, { recursive: true });
    const spec = ociSpec({
      handle: 'raw', rootfsPath: busyboxRootfs(), path: argv[0]!, args: argv.slice(1), env: {}, cwd: '/', uid: 0, gid: 0,
      mounts: [], privileged: false, hermetic: false, cgroupsPath: '', swapLimit: false,
    });
    spec.root.readonly = true;
    delete (spec.linux as { cgroupsPath?: string }).cgroupsPath; // runc names each container's cgroup itself
    writeFileSync(join(this.bundle, 'config.json'), JSON.stringify(spec));
  }

  private run(id: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const p = spawn(BENCH_RUNTIME, ['--root', this.root, 'run', '-d', '--bundle', this.bundle, id], { stdio: 'ignore' });
      p.once('error', reject);
      p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${BENCH_RUNTIME} run -d ${id} exited ${code}`))));
    });
  }

  /** Starts n detached containers, `width` at a time; returns the ids and the milliseconds
   *  taken until all have started and, when given, `reported()` has resolved too (the
   *  containers' own word that their program runs). */
  async start(n: number, width = 4, reported?: () => Promise<void>): Promise<{ ids: string[]; ms: number }> {
    const ids = Array.from({ length: n }, () => `raw-${process.pid}-${this.seq++}`);
    let next = 0;
    const t0 = performance.now();
    await Promise.all([
      ...Array.from({ length: width }, async () => {
        while (next < ids.length) await this.run(ids[next++]!);
      }),
      reported?.(),
    ]);
    return { ids, ms: performance.now() - t0 };
  }

  /** SIGKILL then delete (sleep as pid 1 ignores SIGTERM); ~10 ms each, measured. Asynchronous,
   *  `width` at a time: a spawnSync loop would freeze the bench's own probes for seconds. */
  async remove(ids: string[], width = 4): Promise<void> {
    const runc = (args: string[]): Promise<number> => new Promise((resolve) => {
      const p = spawn(BENCH_RUNTIME, ['--root', this.root, ...args], { stdio: 'ignore' });
      p.once('error', () => resolve(-1));
      p.once('exit', (code) => resolve(code ?? -1));
    });
    let next = 0;
    await Promise.all(Array.from({ length: width }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        await runc(['kill', id, 'KILL']);
        if ((await runc(['delete', id])) !== 0) await runc(['delete', '-f', id]);
      }
    }));
  }

  private removeSync(ids: string[]): void {
    for (const id of ids) {
      spawnSync(BENCH_RUNTIME, ['--root', this.root, 'kill', id, 'KILL'], { stdio: 'ignore' });
      const r = spawnSync(BENCH_RUNTIME, ['--root', this.root, 'delete', id], { stdio: 'ignore' });
      if (r.status !== 0) spawnSync(BENCH_RUNTIME, ['--root', this.root, 'delete', '-f', id], { stdio: 'ignore' });
    }
  }

  /** Removes everything under this root, whatever happened before (Ctrl-C, a failed start). */
  cleanup(): void {
    let left: string[] = [];
    try { left = readdirSync(this.root); } catch { /* never started */ }
    this.removeSync(left);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The container floor for throughput rows: n foreground `runc run` of busybox `true` (no
 *  Gantry at all), `width` at a time; returns runs per second. */
export async function rawRuncRate(dir: string, n: number, width = 4): Promise<number> {
  const bundle = join(dir, 'true-bundle');
  const root = join(dir, 'true-state');
  mkdirSync(bundle, { recursive: true });
  const spec = ociSpec({
    handle: 'raw-true', rootfsPath: busyboxRootfs(), path: 'true', args: [], env: {}, cwd: '/', uid: 0, gid: 0,
    mounts: [], privileged: false, hermetic: false, cgroupsPath: '', swapLimit: false,
  });
  spec.root.readonly = true;
  delete (spec.linux as { cgroupsPath?: string }).cgroupsPath;
  writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));
  let next = 0;
  const t0 = performance.now();
  try {
    await Promise.all(Array.from({ length: width }, async () => {
      while (next < n) {
        const id = `true-${process.pid}-${next++}`;
        await new Promise<void>((resolve, reject) => {
          const p = spawn(BENCH_RUNTIME, ['--root', root, 'run', '--bundle', bundle, id], { stdio: 'ignore' });
          p.once('error', reject);
          p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${BENCH_RUNTIME} run ${id} exited ${code}`))));
        });
      }
    }));
    return n / ((performance.now() - t0) / 1000);
  } finally {
    rmSync(bundle, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }
}
