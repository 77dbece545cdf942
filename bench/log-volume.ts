// Row 1c, log volume: a task printing 100 MB of log through `gantry execute` against a
// quickstart-like node. Every byte must arrive (counted from execute's output, live, and
// again from the events API's history afterwards) while the web node's memory stays flat
// (its RSS sampled every 200 ms: start / peak / end). Baseline in the same run: raw
// `runc run` of the same program into a pipe. Run: node --import tsx bench/log-volume.ts [--quick] [--mb N]
import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ociSpec } from '../src/worker';
import { busyboxRootfs } from '../test/testkit/busybox-rootfs';
import { startBenchNode, type BenchNode } from './lib/quickstart-node';
import { emitRow, isMain, numFlag, quick } from './lib/row';

/** Every log line: 99 characters and a newline, so bytes = 100 × lines. */
const LINE = 'gantry-log-volume-' + '0123456789'.repeat(8) + 'x';
const script = (bytes: number): string => `yes ${LINE} | head -c ${bytes}`;

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

interface Counted { ms: number; bytes: number; lines: number; code: number; build?: string }

/** Runs a command, counting the log lines it prints (and their bytes) as they stream. */
function countLines(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Counted> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
    let lines = 0;
    let rest = '';
    let build: string | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const text = rest + chunk;
      const parts = text.split('\n');
      rest = parts.pop()!;
      for (const p of parts) {
        if (p === LINE) lines++;
        else build ??= /^executing build (\d+)/.exec(p)?.[1];
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - t0, bytes: lines * (LINE.length + 1), lines, code: code ?? 1, ...(build ? { build } : {}) }));
  });
}

/** Log bytes of a finished build as the events API returns them (the stored history). */
function eventBytes(node: BenchNode, buildId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${node.url}/api/v1/builds/${buildId}/events`, { headers: { authorization: `Bearer ${node.token}`, accept: 'text/event-stream' } }, (res) => {
      let bytes = 0;
      let rest = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop()!;
        for (const line of parts) {
          if (!line.startsWith('data: {')) continue;
          const e = JSON.parse(line.slice(6)) as { event: string; data: { payload?: string } };
          if (e.event === 'log') bytes += Buffer.byteLength(e.data.payload ?? '');
        }
        if (/^event: end$/m.test(chunk)) res.destroy();
      });
      res.on('close', () => resolve(bytes));
      res.on('error', () => resolve(bytes));
    });
    req.on('error', reject);
    req.end();
  });
}

function rawBundle(dir: string, bytes: number): string {
  const bundle = join(dir, 'raw');
  mkdirSync(bundle, { recursive: true });
  const spec = ociSpec({
    handle: 'raw', rootfsPath: busyboxRootfs(), path: 'sh', args: ['-c', script(bytes)], env: {}, cwd: '/', uid: 0, gid: 0,
    mounts: [], privileged: false, hermetic: false, cgroupsPath: `/gantry/bench-log-${process.pid}`, swapLimit: false,
  });
  spec.root.readonly = true;
  writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));
  return bundle;
}

export async function benchLogVolume(mb: number): Promise<void> {
  const bytes = mb * 1_000_000; // decimal MB: 100 MB is 1,000,000 lines of 100 bytes
  const load = loadavg()[0]!.toFixed(1);
  const node = await startBenchNode();
  const dir = mkdtempSync(join(tmpdir(), 'gantry-bench-log-'));
  try {
    const taskFile = join(dir, 'log.yml');
    writeFileSync(taskFile, `platform: linux\nimage_resource: {type: mock, source: {mirror_self: true}}\nrun: {path: sh, args: [-c, "${script(bytes)}"]}\n`);
    const env = { ...process.env, HOME: node.home };
    // Warm the image cache with a tiny run first, so the timed run measures the log alone.
    writeFileSync(join(dir, 'warm.yml'), 'platform: linux\nimage_resource: {type: mock, source: {mirror_self: true}}\nrun: {path: "true"}\n');
    await countLines(process.execPath, ['bin/gantry', '-t', 'bench', 'execute', '-c', join(dir, 'warm.yml')], env);
    const samples: number[] = [rssMb(node.pid)];
    const sampler = setInterval(() => samples.push(rssMb(node.pid)), 200);
    const ours = await countLines(process.execPath, ['bin/gantry', '-t', 'bench', 'execute', '-c', taskFile], env);
    // The history, read back through the API after the build ended (a second, late reader).
    const stored = ours.build ? await eventBytes(node, ours.build) : 0;
    await new Promise((r) => setTimeout(r, 1000));
    clearInterval(sampler);
    samples.push(rssMb(node.pid));
    const [start, end, peak] = [samples[0]!, samples[samples.length - 1]!, Math.max(...samples)];
    const raw = await countLines('runc', ['--root', join(dir, 'raw-state'), 'run', '--bundle', rawBundle(dir, bytes), 'raw-log']);
    const all = ours.bytes === bytes && stored === bytes && ours.code === 0;
    const growth = peak - start;
    const mbps = (n: Counted): string => `${(bytes / 1e6 / (n.ms / 1000)).toFixed(1)} MB/s`;
    console.log(`load ${load}; execute: ${ours.bytes} of ${bytes} bytes live (${ours.lines} lines) in ${(ours.ms / 1000).toFixed(1)} s (${mbps(ours)}), exit ${ours.code}; events API: ${stored} bytes`);
    console.log(`web node RSS start ${start.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (+${growth.toFixed(0)}), end ${end.toFixed(0)} MB; raw runc run: ${raw.bytes} bytes in ${(raw.ms / 1000).toFixed(2)} s (${mbps(raw)})`);
    emitRow({
      id: 'log-volume',
      what: `a task printing ${mb} MB of log through \`gantry execute\`: bytes arrived, web node RSS vs raw \`runc run\` into a pipe`,
      scale: `${mb} MB, ${(bytes / 100).toLocaleString("en")} lines`,
      gantry: `${(ours.ms / 1000).toFixed(1)} s (${mbps(ours)}); ${all ? 'all' : 'NOT all'} bytes (live ${ours.bytes}, events API ${stored}); RSS ${start.toFixed(0)} → peak ${peak.toFixed(0)} → ${end.toFixed(0)} MB`,
      baseline: `${(raw.ms / 1000).toFixed(2)} s (${mbps(raw)})`,
      result: `${(ours.ms / raw.ms).toFixed(1)}× raw; RSS +${growth.toFixed(0)} MB at peak`,
      goal: 'every byte arrives; RSS growth ≤ 64 MB',
      met: all && growth <= 64,
    });
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  await benchLogVolume(numFlag('mb', quick() ? 10 : 100));
}
