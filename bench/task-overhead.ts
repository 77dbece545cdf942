// Row 1, task overhead: `gantry execute` of a busybox `true` (warm image: the offline mock
// image, fetched once before timing) against a quickstart-like node, vs raw `runc run` of
// the same busybox rootfs, interleaved in one run. Goal: p50 overhead ≤ 150 ms.
// Run: node --import tsx bench/task-overhead.ts [--quick] [--runs N]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ociSpec } from '../src/worker';
import { busyboxRootfs } from '../test/testkit/busybox-rootfs';
import { startBenchNode } from './lib/quickstart-node';
import { BENCH_RUNTIME, emitRow, isMain, numFlag, quick } from './lib/row';
import { median, ms, percentile } from './lib/stats';

const TASK = 'platform: linux\nimage_resource: {type: mock, source: {mirror_self: true}}\nrun: {path: "true"}\n';

export function rawRuncBundle(dir: string, name = 'raw'): string {
  const bundle = join(dir, name);
  mkdirSync(bundle, { recursive: true });
  const spec = ociSpec({
    handle: name, rootfsPath: busyboxRootfs(), path: 'true', args: [], env: {}, cwd: '/', uid: 0, gid: 0,
    mounts: [], privileged: false, hermetic: false, cgroupsPath: `/gantry/bench-${name}-${process.pid}`, swapLimit: false,
  });
  spec.root.readonly = true; // raw runs share the rootfs and must not write into it
  writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));
  return bundle;
}

function timed(cmd: string, args: string[], env?: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: 'ignore', env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return performance.now() - t0;
}

export async function benchTaskOverhead(runs: number, postgresUrl?: string): Promise<void> {
  const node = await startBenchNode({ postgresUrl });
  const dir = mkdtempSync(join(tmpdir(), 'gantry-bench-task-'));
  try {
    const taskFile = join(dir, 'true.yml');
    writeFileSync(taskFile, TASK);
    const bundle = rawRuncBundle(dir);
    const root = join(dir, 'raw-state');
    const env = { ...process.env, HOME: node.home };
    const execute = ['bin/gantry', '-t', 'bench', 'execute', '-c', taskFile];
    const ours: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < runs + 2; i++) { // the first two warm the image cache and the JIT
      const o = timed(process.execPath, execute, env);
      const r = timed(BENCH_RUNTIME, ['--root', root, 'run', '--bundle', bundle, `raw-${i}`]);
      if (i >= 2) { ours.push(o); raw.push(r); }
    }
    const overhead = median(ours) - median(raw);
    console.log(`gantry execute p50 ${ms(median(ours))} (p90 ${ms(percentile(ours, 90))}); raw ${BENCH_RUNTIME} run p50 ${ms(median(raw))}; overhead ${ms(overhead)}`);
    emitRow({
      id: postgresUrl ? 'task-overhead-postgres' : 'task-overhead',
      what: `gantry execute of busybox \`true\` (warm image) vs raw \`runc run\`${postgresUrl ? ', web node on PostgreSQL instead of PGlite' : ''}`,
      scale: `${runs} runs each, interleaved`, gantry: `p50 ${ms(median(ours))}`, baseline: `p50 ${ms(median(raw))}`,
      result: `+${ms(overhead)}, ${(median(ours) / median(raw)).toFixed(1)}×`, goal: 'overhead ≤ 150 ms', met: overhead <= 150,
    });
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const runs = numFlag('runs', quick() ? 3 : 20);
  await benchTaskOverhead(runs);
  // The same against PostgreSQL (a private test cluster), unless --quick: shows the store's share.
  if (!quick() && !process.argv.includes('--no-postgres')) {
    const { freshDatabase } = await import('../test/testkit/postgres');
    await benchTaskOverhead(runs, await freshDatabase());
    process.exit(0); // the private cluster stops with the process
  }
}
