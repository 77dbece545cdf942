// `npm run bench [-- --quick]`: runs every benchmark script in this folder in turn
// and prints their reports. Each script can also run alone:
//   node --import tsx bench/<name>.ts [--quick]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const quick = process.argv.includes('--quick');
const scripts = readdirSync('bench').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'run.ts').sort();
let failed = 0;
for (const script of scripts) {
  console.log(`\n== ${script}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${script}`, ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
