// Runs every test with node's built-in runner: unit tests beside their files
// under src/ and ui/, cross-process tests under test/. Node 20 does not expand
// globs, so the files are listed here. Prints the runner's report, then a final
// `N passed, M failed` line for CI.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { readdirSync, statSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['src', 'test', 'bench', 'ui/src'];

function findTests(path, out) {
  let st;
  try { st = statSync(path); } catch { return out; }
  if (st.isFile()) { if (/\.test\.tsx?$/.test(path)) out.push(path); return out; }
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    findTests(join(path, name), out);
  }
  return out;
}

const files = roots.flatMap((r) => findTests(r, [])).sort();
if (files.length === 0) {
  console.error('run-tests: no test files found under', roots.join(', '));
  process.exit(1);
}

const tapDir = mkdtempSync(join(tmpdir(), 'gantry-tap-'));
const tapFile = join(tapDir, 'report.tap');
const concurrency = process.env.GANTRY_TEST_CONCURRENCY ?? '3';
const args = [
  '--import', 'tsx',
  '--import', './scripts/test-exit-watchdog.mjs',
  '--test',
  `--test-concurrency=${concurrency}`,
  // A hung test fails after 10 minutes instead of eating CI's whole budget. The limit
  // applies to each file's process as a whole too, and a file of many slow tests can take
  // minutes on a loaded machine. A file whose process will not exit after its tests is
  // failed sooner by the exit watchdog above. (Not --test-force-exit: it cuts the TAP
  // report before its totals.)
  `--test-timeout=${process.env.GANTRY_TEST_TIMEOUT_MS ?? 600000}`,
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
  ...files,
];
// One throwaway PostgreSQL cluster serves every test file (each makes its own databases).
const pg = await startPostgres();
const env = { ...process.env, GANTRY_TEST: '1' };
if (pg) env.GANTRY_TEST_POSTGRES_URL = pg.url;
const child = spawn(process.execPath, args, { stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  pg?.stop();
  const tap = readFileSync(tapFile, 'utf8');
  // The runner ends its TAP stream with totals: "# pass N", "# fail N".
  const count = (key) => Number((tap.match(new RegExp(`^# ${key} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  let passed = count('pass');
  let failed = count('fail') + count('cancelled');
  if (!/^# pass \d+$/m.test(tap)) {
    // The stream was cut before its totals (the runner was killed): count the results it had.
    passed = (tap.match(/^\s*ok \d+/gm) ?? []).length;
    failed = (tap.match(/^\s*not ok \d+/gm) ?? []).length + 1;
    console.log('run-tests: the runner stopped before its totals; counting the results it reported');
  }
  rmSync(tapDir, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code === 0 && failed === 0 && passed > 0 ? 0 : code || 1);
});

async function startPostgres() {
  if (process.env.GANTRY_TEST_POSTGRES_URL) return null;
  const script = join('scripts', 'postgres.sh');
  const dir = mkdtempSync(join(tmpdir(), 'gantry-test-pg-'));
  const stop = () => {
    spawnSync(script, ['stop', dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await new Promise((res, rej) => {
      const srv = createServer().once('error', rej);
      srv.listen(0, '127.0.0.1', () => { const p = srv.address().port; srv.close(() => res(p)); });
    });
    const out = spawnSync(script, ['start', dir, String(port)], { encoding: 'utf8' });
    if (out.status === 0) return { url: out.stdout.trim(), stop };
    if (attempt === 2) console.error(`run-tests: PostgreSQL did not start (tests that need it will fail):\n${out.stderr}`);
  }
  stop();
  return null;
}
