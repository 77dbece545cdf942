// Worker runtime overhead: raw `runc run` of a busybox `true` against the runtime's
// create → start → wait → destroy of the same program (overlay rootfs, init, reaper,
// output files, runc delete), interleaved in one run; medians of 30 each.
// Run: node --import tsx bench/runc-overhead.ts [--quick]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuncRuntime, ociSpec } from '../src/worker';
import { busyboxRootfs } from '../test/testkit/busybox-rootfs';
import { median, ms, percentile } from './lib/stats';
import { BENCH_RUNTIME } from './lib/row';

const runs = process.argv.includes('--quick') ? 5 : 30;

function rawBundle(dir: string): string {
  const bundle = join(dir, 'raw');
  mkdirSync(bundle, { recursive: true });
  const spec = ociSpec({
    handle: 'raw', rootfsPath: busyboxRootfs(), path: 'true', args: [], env: {}, cwd: '/', uid: 0, gid: 0,
    mounts: [], privileged: false, hermetic: false, cgroupsPath: '/gantry/bench-raw', swapLimit: false,
  });
  spec.root.readonly = true; // the raw run may not write into the shared rootfs
  writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));
  return bundle;
}

function rawRun(root: string, bundle: string, i: number): number {
  const t0 = performance.now();
  const r = spawnSync(BENCH_RUNTIME, ['--root', root, 'run', '--bundle', bundle, `raw-${i}`], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${BENCH_RUNTIME} run exited ${r.status}`);
  return performance.now() - t0;
}

async function runtimeRun(rt: RuncRuntime): Promise<number> {
  const t0 = performance.now();
  const c = await rt.create({ rootfs: { path: busyboxRootfs() }, path: 'true' });
  await c.start();
  const exit = await c.wait();
  await rt.destroy(c.handle);
  if (exit.exitCode !== 0) throw new Error(`true exited ${exit.exitCode}`);
  return performance.now() - t0;
}

export async function benchRuncOverhead(): Promise<{ raw: number; runtime: number; overhead: number; ratio: number; runtimeP90: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-bench-runc-'));
  const rt = await RuncRuntime.open({ workDir: join(dir, 'work') });
  try {
    const bundle = rawBundle(dir);
    const rawRoot = join(dir, 'raw-state');
    const raw: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const r = rawRun(rawRoot, bundle, i);
      const o = await runtimeRun(rt);
      if (i >= 2) { raw.push(r); ours.push(o); }
    }
    return { raw: median(raw), runtime: median(ours), overhead: median(ours) - median(raw), ratio: median(ours) / median(raw), runtimeP90: percentile(ours, 90) };
  } finally {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchRuncOverhead();
  console.log(`raw ${BENCH_RUNTIME} run p50 ${ms(r.raw)}; runtime create→start→wait→destroy p50 ${ms(r.runtime)} (p90 ${ms(r.runtimeP90)}); ` +
    `overhead ${ms(r.overhead)}, ratio ${r.ratio.toFixed(2)}x (runs: ${runs} each)`);
}
