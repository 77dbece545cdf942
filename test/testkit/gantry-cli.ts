// Runs the real gantry CLI in a child process, as a user would: `node --import
// tsx src/app/main.ts ARGS`, with HOME pointing at a temp dir so that each
// test has its own ~/.gantryrc. stdin gets `input` (then EOF), so prompts can
// be answered; stdout and stderr are captured whole.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface GantryResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** The HOME of the run: where ~/.gantryrc lives. */
  home: string;
  /** Written to stdin, which is then closed. */
  input?: string;
  env?: Record<string, string>;
  /** Working directory (default: the repository root). */
  cwd?: string;
}

const MAIN = resolve('src/app/main.ts');

const homes: string[] = [];
process.once('exit', () => { for (const h of homes) rmSync(h, { recursive: true, force: true }); });

/** A fresh HOME for one test's targets, removed when the test process exits. */
export function makeHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'gantry-home-'));
  homes.push(home);
  return home;
}

function childEnv(opts: RunOptions): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, HOME: opts.home };
  // The runner's own settings must not leak into the CLI (colour detection, test context).
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'NODE_TEST_CONTEXT', 'GANTRY_HOME']) delete env[name];
  Object.assign(env, opts.env);
  return env as NodeJS.ProcessEnv;
}

/** A CLI run in progress, for answering a prompt at a chosen moment. */
export interface GantryProcess {
  /** Resolves once stdout matches (e.g. the prompt is shown). */
  waitFor(pattern: RegExp): Promise<void>;
  /** Writes to stdin and closes it. */
  answer(text: string): void;
  done: Promise<GantryResult>;
}

export function startGantry(args: string[], opts: RunOptions): GantryProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    env: childEnv(opts),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    for (const w of watchers.filter((x) => x.pattern.test(stdout))) {
      watchers.splice(watchers.indexOf(w), 1);
      w.resolve();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => undefined);
  const done = new Promise<GantryResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
  return {
    waitFor: (pattern) =>
      pattern.test(stdout) ? Promise.resolve() : new Promise((resolve) => watchers.push({ pattern, resolve })),
    answer: (text) => void child.stdin.end(text),
    done,
  };
}

export function runGantry(args: string[], opts: RunOptions): Promise<GantryResult> {
  const run = startGantry(args, opts);
  run.answer(opts.input ?? '');
  return run.done;
}

/** Runs `fn` over `items`, at most `limit` at a time (CLI runs are separate processes). */
export async function inPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
