// Row 8, patch-day of the quickstart example: a quickstart node with the example pipelines
// runs its seed flow to a first promoted release, then examples/component-release/patch-day.sh
// commits an upstream patch and follows it to a shipped release, printing per-stage times.
// Reported: commit → shipped, beside the time the stages' builds actually ran (the baseline:
// the work itself; the rest is waiting for checks and scheduling).
// Run: node --import tsx bench/patch-day.ts [--quick]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startBenchNode, type BenchNode } from './lib/quickstart-node';
import { emitRow, isMain } from './lib/row';

const SCRIPT = 'examples/component-release/patch-day.sh';

async function waitPromoted(node: BenchNode, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${node.url}/api/v1/teams/main/pipelines/component-prerelease/jobs/promote/builds`, { headers: { Authorization: `Bearer ${node.token}` } }).catch(() => undefined);
    const builds = res?.ok ? ((await res.json()) as { status: string }[]) : [];
    if (builds.some((b) => b.status === 'succeeded')) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('the example seed flow did not reach a promoted release in time');
}

export async function benchPatchDay(): Promise<void> {
  if (!existsSync(SCRIPT)) { console.log(`${SCRIPT} is not there; row skipped`); return; }
  const node = await startBenchNode({ example: true, env: { GANTRY_EXAMPLE_SCALE: '3' } });
  try {
    const t0 = performance.now();
    await waitPromoted(node, 900_000);
    console.log(`seed flow to the first promoted release: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const r = spawnSync('sh', [SCRIPT, '-t', 'bench', '-d', join(node.dir, 'data'), '-w', '600'], {
      encoding: 'utf8', env: { ...process.env, HOME: node.home, GANTRY: `${process.execPath} ${join(process.cwd(), 'bin/gantry')}` },
    });
    process.stdout.write(r.stdout);
    if (r.status !== 0) throw new Error(`patch-day.sh exited ${r.status}: ${r.stderr}`);
    const total = /(\d+)s from commit to shipped release/.exec(r.stdout);
    const stages = [...r.stdout.matchAll(/^(\S+)\s+\d+\s+succeeded\s+(-?\d+)s\s+(\d+)s$/gm)];
    const ran = stages.reduce((n, m) => n + Number(m[3]), 0);
    emitRow({
      id: 'patch-day', what: 'quickstart example: upstream commit → shipped release (patch-day.sh)',
      scale: `${stages.length} stages + ship`, gantry: total ? `${total[1]} s commit → shipped` : 'no total',
      baseline: `${ran} s of stage builds running`, result: stages.map((m) => `${m[1]} ${m[3]}s`).join(', '), goal: '— (per-stage times)',
    });
  } finally {
    await node.stop();
  }
}

if (isMain(import.meta.url)) await benchPatchDay();
