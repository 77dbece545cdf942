// Why containers run niced (docs/DESIGN.md, "Containers yield the CPU"): the web node's API
// latency while runc starts containers as fast as it can on the same host, with runc at
// niceness 0 and at 10, in alternating 15 s phases. Each API sample is a fresh connection
// to the jobs list of a pipeline with a running build (what bench/scale.ts samples).
// Run: node --import tsx bench/api-under-starts.ts [--postgres] [--rounds N] [--seconds S]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ociSpec } from '../src/worker';
import { busyboxRootfs } from '../test/testkit/busybox-rootfs';
import { startBenchNode } from './lib/quickstart-node';
import { numFlag } from './lib/row';

const PIPELINE = `jobs:
- name: hold
  plan:
  - task: c
    config:
      platform: linux
      image_resource: {type: mock, source: {mirror_self: true}}
      run: {path: sleep, args: ['1000000']}
`;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))]!;
};

const rounds = numFlag('rounds', 2);
const seconds = numFlag('seconds', 15);
const postgresUrl = process.argv.includes('--postgres') ? await (await import('../test/testkit/postgres')).freshDatabase() : undefined;
const dir = mkdtempSync(join(tmpdir(), 'gantry-bench-nice-'));
// The containers of this bench's own runc run at the worker's priority unless niced here.
const node = await startBenchNode({ postgresUrl });
try {
  writeFileSync(join(dir, 'p.yml'), PIPELINE);
  node.gantry(['set-pipeline', '-n', '-p', 'hold', '-c', join(dir, 'p.yml')]);
  node.gantry(['unpause-pipeline', '-p', 'hold']);
  node.gantry(['trigger-job', '-j', 'hold/hold']);

  mkdirSync(join(dir, 'bundle'));
  const spec = ociSpec({ handle: 'raw', rootfsPath: busyboxRootfs(), path: 'true', args: [], env: {}, cwd: '/', uid: 0, gid: 0,
    mounts: [], privileged: false, hermetic: false, cgroupsPath: '', swapLimit: false });
  spec.root.readonly = true;
  delete (spec.linux as { cgroupsPath?: string }).cgroupsPath;
  writeFileSync(join(dir, 'bundle', 'config.json'), JSON.stringify(spec));

  let seq = 0;
  const runc = (nice: number) => new Promise<void>((resolve) => {
    const args = ['--root', join(dir, 'state'), 'run', '--bundle', join(dir, 'bundle'), `nice-${process.pid}-${seq++}`];
    const p = spawn(nice ? 'nice' : 'runc', nice ? ['-n', String(nice), 'runc', ...args] : args, { stdio: 'ignore' });
    p.once('exit', () => resolve());
    p.once('error', () => resolve());
  });
  const sample = () => new Promise<number>((resolve) => {
    const t0 = performance.now();
    const req = request(`${node.url}/api/v1/teams/main/pipelines/hold/jobs`, { agent: false, headers: { Authorization: `Bearer ${node.token}` } }, (r) => {
      r.resume();
      r.on('end', () => resolve(performance.now() - t0));
    });
    req.on('error', () => resolve(NaN));
    req.end();
  });

  console.log(`web node on ${postgresUrl ? 'PostgreSQL' : 'PGlite'}; runc run of busybox true, 6 at a time, ${seconds} s per phase`);
  for (let round = 1; round <= rounds; round++) {
    for (const nice of [0, 10]) {
      let stop = false;
      let started = 0;
      const starters = Array.from({ length: 6 }, async () => { while (!stop) { await runc(nice); started++; } });
      const ms: number[] = [];
      const end = performance.now() + seconds * 1000;
      while (performance.now() < end) {
        ms.push(await sample());
        await new Promise((r) => setTimeout(r, 100));
      }
      stop = true;
      await Promise.all(starters);
      const ok = ms.filter((x) => !Number.isNaN(x));
      console.log(`round ${round}, runc at nice ${String(nice).padStart(2)}: ${(started / seconds).toFixed(1)} containers/s; ` +
        `API p50 ${percentile(ok, 50).toFixed(1)} / p90 ${percentile(ok, 90).toFixed(1)} / p99 ${percentile(ok, 99).toFixed(1)} ms ` +
        `(${ok.length} samples, ${ms.length - ok.length} failed)`);
    }
  }
} finally {
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
}
