// CLI start-up: `gantry --version` against `node -e 0`, interleaved in one run.
// Run: node --import tsx bench/cli-startup.ts [--quick]
import { spawnSync } from 'node:child_process';
import { median, ms } from './lib/stats';

const runs = process.argv.includes('--quick') ? 5 : 30;

function time(cmd: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd[0]!, cmd.slice(1), { stdio: 'ignore' });
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = benchCliStartup();
  console.log(`gantry --version p50 ${ms(r.gantry)}; node -e 0 p50 ${ms(r.node)}; ratio ${r.ratio.toFixed(2)}x (goal < 2x)`);
}
