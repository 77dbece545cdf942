// `npm run bench [-- --quick] [--only a,b] [--skip a,b] [--no-readme] [scale/throughput flags]`:
// runs every benchmark in turn, each as its own process against its own throwaway node,
// prints the table, and rewrites the results table in bench/README.md (rows from this
// invocation replace the same rows of the last; bench/results.json keeps them). Each
// script also runs alone: node --import tsx bench/<name>.ts [--quick].
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { ADAPTERS } from './lib/adapters';
import { ensureBuilt } from './lib/quickstart-node';
import { forRuntime, parseRows, type BenchRow } from './lib/row';

export interface Bench { name: string; row: string; cheap: boolean; flags?: string[] }

/** In the issue's order; `cheap` ones make the CI smoke run (test/bench-smoke.test.ts). */
export const SUITE: Bench[] = [
  { name: 'task-overhead', row: '1', cheap: true },
  { name: 'runc-overhead', row: '1b', cheap: false },
  { name: 'log-volume', row: '1c', cheap: false, flags: ['mb'] },
  { name: 'build-throughput', row: '2', cheap: false, flags: ['builds', 'rounds', 'bb-workers', 'no-buildbot', 'postgres'] },
  { name: 'webhook-latency', row: '3', cheap: false },
  { name: 'scheduling-pass', row: '4', cheap: true },
  { name: 'scale', row: '5', cheap: true, flags: ['live', 'total', 'batch', 'every', 'postgres', 'churn-minutes'] },
  { name: 'ui-render', row: '6', cheap: false },
  { name: 'cli-startup', row: '7', cheap: true },
  { name: 'patch-day', row: '8', cheap: false },
  { name: 'validate-pipeline', row: '9', cheap: false },
  { name: 'graph-layout', row: '10', cheap: false },
];

export interface Ran { bench: Bench; rows: BenchRow[]; code: number; seconds: number; output: string }

/** Runs one benchmark script; its output is passed through and kept. */
export function runBench(b: Bench, args: string[]): Promise<Ran> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `bench/${b.name}.ts`, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d; process.stdout.write(d); });
    // Ctrl-C reaches the child through the process group; wait for its cleanup.
    child.on('exit', (code) => {
      let rows = parseRows(output);
      const scale = args.includes('--quick') ? 'quick' : 'full';
      if (rows.length === 0 && code === 0) { const r = ADAPTERS[b.name]?.(output, scale); if (r) rows = [forRuntime(r)]; }
      resolve({ bench: b, rows, code: code ?? 1, seconds: (performance.now() - t0) / 1000, output });
    });
  });
}

function argsFor(b: Bench, argv: string[]): string[] {
  const out = argv.includes('--quick') ? ['--quick'] : [];
  for (const f of b.flags ?? []) {
    const at = argv.indexOf(`--${f}`);
    if (at < 0) continue;
    out.push(`--${f}`);
    if (argv[at + 1] !== undefined && !argv[at + 1]!.startsWith('--')) out.push(argv[at + 1]!);
  }
  return out;
}

export function machine(): string {
  const mem = (totalmem() / 2 ** 30).toFixed(1);
  return `${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), ${mem} GiB, Linux ${release()}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')} at start`;
}

const benchOf = (id: string): Bench | undefined => SUITE.find((b) => id === b.name || id.startsWith(`${b.name}-`));
const rank = (id: string): number => { const b = benchOf(id); return b ? SUITE.indexOf(b) : SUITE.length; };

const cell = (s: string | undefined): string => (s ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');

export function table(rows: (BenchRow & { at?: string })[]): string {
  const head = '| # | Benchmark | Scale | Gantry | Baseline (same run) | Result | Goal | Met |\n|---|---|---|---|---|---|---|---|';
  return [head, ...rows.map((r) => `| ${benchOf(r.id)?.row ?? '?'} | ${cell(r.what)} | ${cell(r.scale)}${r.at ? ` (${r.at})` : ''} | ${cell(r.gantry)} | ${cell(r.baseline)} | ${cell(r.result)} | ${cell(r.goal)} | ${r.met === undefined ? '—' : r.met ? 'yes' : '**no**'} |`)].join('\n');
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

function writeReadme(all: (BenchRow & { at?: string })[], header: string): void {
  const path = 'bench/README.md';
  const text = existsSync(path) ? readFileSync(path, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`;
  const a = text.indexOf(START);
  const z = text.indexOf(END);
  if (a < 0 || z < 0) throw new Error(`${path} lacks the ${START} … ${END} markers`);
  writeFileSync(path, `${text.slice(0, a + START.length)}\n${header}\n\n${table(all)}\n${text.slice(z)}`);
}

/** Merges rows into bench/results.json (same id: replaced) and rewrites the README table. */
function saveRows(rows: (BenchRow & { at?: string })[], argv: string[], started: string, host: string): void {
  const store = 'bench/results.json';
  const prev = existsSync(store) ? (JSON.parse(readFileSync(store, 'utf8')) as { rows: (BenchRow & { at?: string })[] }).rows : [];
  const merged = [...prev.filter((p) => !rows.some((r) => r.id === p.id)), ...rows].sort((x, y) => rank(x.id) - rank(y.id));
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  writeFileSync(store, JSON.stringify({ machine: host, command, rows: merged }, null, 2) + '\n');
  writeReadme(merged, `Last run: ${started} · \`${command}\` · ${host}`);
}

/** `--rows-from-log FILE AT`: rows from a saved runner transcript (its `== name` sections), e.g.
 *  after fixing an adapter, without running the benchmarks again. */
function rowsFromLog(file: string, at: string): (BenchRow & { at: string })[] {
  const text = readFileSync(file, 'utf8');
  const rows: (BenchRow & { at: string })[] = [];
  for (const m of text.matchAll(/^== (\S+) \(row [^)]+\)\n([\s\S]*?)^== \1: exit (\d+)/gm)) {
    const [, name, out, code] = m;
    let found = parseRows(out!);
    if (found.length === 0 && code === '0') { const r = ADAPTERS[name!]?.(out!, 'full'); if (r) found = [forRuntime(r)]; }
    rows.push(...found.map((r) => ({ ...r, at })));
  }
  return rows;
}

async function main(argv: string[]): Promise<number> {
  const fromLog = argv.indexOf('--rows-from-log');
  if (fromLog >= 0) {
    const rows = rowsFromLog(argv[fromLog + 1]!, argv[fromLog + 2]!);
    console.log(table(rows));
    saveRows(rows, ['(rows from a saved transcript)'], argv[fromLog + 2]!, machine());
    return 0;
  }
  const list = (flag: string): string[] | undefined => { const at = argv.indexOf(flag); return at >= 0 ? argv[at + 1]!.split(',') : undefined; };
  const only = list('--only');
  const skip = list('--skip') ?? [];
  const benches = SUITE.filter((b) => (!only || only.includes(b.name)) && !skip.includes(b.name) && existsSync(`bench/${b.name}.ts`));
  ensureBuilt();
  const started = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const host = machine();
  const ran: Ran[] = [];
  for (const b of benches) {
    console.log(`\n== ${b.name} (row ${b.row})`);
    const r = await runBench(b, argsFor(b, argv));
    ran.push(r);
    console.log(`== ${b.name}: exit ${r.code}, ${r.seconds.toFixed(0)} s`);
  }
  const rows = ran.flatMap((r) => r.rows.map((row) => ({ ...row, at: started })));
  console.log(`\n${host}\n\n${table(rows)}`);
  const failed = ran.filter((r) => r.code !== 0 || r.rows.length === 0).map((r) => r.bench.name);
  if (failed.length) console.log(`\nfailed or produced no row: ${failed.join(', ')}`);
  if (!argv.includes('--quick') && !argv.includes('--no-readme')) saveRows(rows, argv, started, host);
  return failed.length ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(await main(process.argv.slice(2)));
