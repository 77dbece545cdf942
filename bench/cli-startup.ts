// CLI start-up: `gantry --version` against `node -e 0`, interleaved in one run.
// Run: node --import tsx bench/cli-startup.ts [--quick]
//   --execute: time `gantry -t bench execute -c true.yml` (busybox `true`, the offline mock
//     image) on a throwaway bench node instead, with `--version` and `node -e 0` beside it;
//   --bin PATH: also time another build's bin/gantry in the same loop, e.g. one built in a
//     checkout of an earlier commit (before/after numbers of one run).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchNode } from './lib/quickstart-node';
import { median, ms } from './lib/stats';

const runs = process.argv.includes('--quick') ? 5 : 30;

function time(cmd: string[], env?: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(cmd[0]!, cmd.slice(1), { stdio: 'ignore', env });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} exited ${r.status}`);
  return performance.now() - t0;
}

export function benchCliStartup(): { gantry: number; node: number; ratio: number } {
  const gantry: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const g = time([process.execPath, 'bin/gantry', '--version']);
    const n = time([process.execPath, '-e', '0']);
    // Not the first two: the first run of a build writes the CLI's code cache (dist/cli-cache).
    if (i >= 2) { gantry.push(g); node.push(n); }
  }
  const result = { gantry: median(gantry), node: median(node), ratio: median(gantry) / median(node) };
  return result;
}

/** p50 of each command line, run in turn `runs` times (after two uncounted rounds). */
function interleaved(cmds: Record<string, string[]>, env: NodeJS.ProcessEnv): Record<string, number> {
  const times: Record<string, number[]> = {};
  for (let i = 0; i < runs + 2; i++) {
    for (const [name, cmd] of Object.entries(cmds)) {
      const t = time(cmd, env);
      if (i >= 2) (times[name] ??= []).push(t);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, t]) => [name, median(t)]));
}

async function benchExecute(other: string | undefined): Promise<void> {
  const node = await startBenchNode();
  const dir = mkdtempSync(join(tmpdir(), 'gantry-bench-cli-'));
  try {
    const task = join(dir, 'true.yml');
    writeFileSync(task, 'platform: linux\nimage_resource: {type: mock, source: {mirror_self: true}}\nrun: {path: "true"}\n');
    const bins: Record<string, string> = { this: 'bin/gantry', ...(other ? { other } : {}) };
    const cmds: Record<string, string[]> = {};
    for (const [name, bin] of Object.entries(bins)) {
      cmds[`${name} execute`] = [process.execPath, bin, '-t', 'bench', 'execute', '-c', task];
      cmds[`${name} --version`] = [process.execPath, bin, '--version'];
    }
    cmds['node -e 0'] = [process.execPath, '-e', '0'];
    const p50 = interleaved(cmds, { ...process.env, HOME: node.home });
    for (const [name, t] of Object.entries(p50)) console.log(`${name.padEnd(18)} p50 ${ms(t)}`);
    if (other) console.log(`(other: ${other})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await node.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--execute')) {
    const at = process.argv.indexOf('--bin');
    await benchExecute(at >= 0 ? process.argv[at + 1] : undefined);
  } else {
    const r = benchCliStartup();
    console.log(`gantry --version p50 ${ms(r.gantry)}; node -e 0 p50 ${ms(r.node)}; ratio ${r.ratio.toFixed(2)}x (goal < 2x)`);
  }
}
