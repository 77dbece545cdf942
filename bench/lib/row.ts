// One result row of the benchmark table. A benchmark prints its rows as lines
// `BENCH-ROW {json}` on stdout (besides its human report), so bench/run.ts can collect
// them from scripts run as child processes, and the smoke test can check them.
import { chooseOciRuntime } from '../../src/worker';
export interface BenchRow {
  /** Row id: 'task-overhead', 'build-throughput', ... */
  id: string;
  /** What was measured, one line. */
  what: string;
  /** The scale it ran at ('30 runs', '200 builds', 'quick: 5 runs'...). */
  scale: string;
  /** Gantry's number with its unit. */
  gantry: string;
  /** The same-run baseline with its unit. */
  baseline: string;
  /** The comparison the goal is about ('+12.3 ms, 1.40×'). */
  result: string;
  goal: string;
  /** Whether the goal was met; undefined when the row has no pass/fail goal. */
  met?: boolean;
}

export const ROW_PREFIX = 'BENCH-ROW ';

/** The OCI runtime of this bench run, for Gantry's worker and the raw baselines alike:
 *  $GANTRY_RUNTIME, runc by default. */
export const BENCH_RUNTIME = chooseOciRuntime();

/** Prints the row; on crun, under an id of its own (`scale-crun`), so a crun run's rows sit
 *  beside runc's in the table instead of replacing them. */
export function emitRow(row: BenchRow): void {
  console.log(ROW_PREFIX + JSON.stringify(forRuntime(row)));
}

export function forRuntime(row: BenchRow): BenchRow {
  return BENCH_RUNTIME === 'runc' ? row
    : { ...row, id: `${row.id}-${BENCH_RUNTIME}`, what: `${row.what} [on ${BENCH_RUNTIME}: Gantry's containers and the raw baseline's]` };
}

export function parseRows(stdout: string): BenchRow[] {
  return stdout.split('\n').filter((l) => l.startsWith(ROW_PREFIX)).map((l) => JSON.parse(l.slice(ROW_PREFIX.length)) as BenchRow);
}

export const quick = (): boolean => process.argv.includes('--quick');

/** `--name N` from argv, or the fallback. */
export function numFlag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export const isMain = (url: string): boolean => url === `file://${process.argv[1]}`;
