// A throwaway quickstart-like node for benchmarks: `gantry quickstart --no-example` in its
// own process (web + in-process runc worker on embedded PGlite), on a free loopback port,
// in a temp data dir, with the CLI logged in under a temp HOME. stop() ends it by its pid
// and removes the dir; the worker sweeps its own containers when the next one opens, and
// the node's SIGTERM handler stops them on the way out.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { leftovers, type Leftovers } from './scale-probes';
import { join } from 'node:path';

export interface BenchNode {
  url: string;
  dir: string;
  /** HOME holding a ~/.gantryrc with target `bench` logged in as admin. */
  home: string;
  pid: number;
  /** Runs the built CLI (`bin/gantry -t bench ARGS`) synchronously; throws on a non-zero exit. */
  gantry(args: string[], opts?: { allowFail?: boolean }): { code: number; stdout: string; stderr: string };
  /** A bearer token for API calls. */
  token: string;
  /** The last few KB of the node's output, and whether it is still running. */
  log(): string;
  alive(): boolean;
  /** Stops the node; returns what its worker left behind (then removed with the dir). */
  stop(): Promise<Leftovers>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Builds dist/ once per process, so the CLI is timed as users run it (bin/gantry), not through tsx. */
let built = false;
export function ensureBuilt(): void {
  if (built || process.env.GANTRY_BENCH_BUILT === '1') return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
  built = true;
  process.env.GANTRY_BENCH_BUILT = '1';
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 180_000; // a new PGlite data dir takes seconds, far more on a loaded machine
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`quickstart exited ${child.exitCode}: ${log()}`);
    try {
      if ((await fetch(`${url}/api/v1/info`)).ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`quickstart not ready after 180 s: ${log()}`);
}

export interface BenchNodeOptions {
  /** Set up the quickstart's example pipelines and repos too (patch-day). */
  example?: boolean;
  env?: Record<string, string>;
  /** Node flags for the node's process, e.g. ['--cpu-prof', '--cpu-prof-dir=DIR'] (also
   *  from $GANTRY_BENCH_NODE_ARGS, space-separated: how the README's profiles were taken). */
  nodeArgs?: string[];
  /** Run `gantry web --local-worker` on this PostgreSQL database instead of the quickstart
   *  on PGlite (to tell the store's share of a cost from the rest). */
  postgresUrl?: string;
}

export async function startBenchNode(o: BenchNodeOptions = {}): Promise<BenchNode> {
  // The free port is picked before the node binds it; on a busy machine another process can
  // take it in between, so a lost race is retried with a new port.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(o);
    } catch (e) {
      if (attempt >= 3 || !String(e).includes('EADDRINUSE')) throw e;
    }
  }
}

async function startOnce(o: BenchNodeOptions): Promise<BenchNode> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'gantry-bench-node-'));
  const home = join(dir, 'home');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = o.nodeArgs ?? (process.env.GANTRY_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []);
  const command = o.postgresUrl
    ? ['web', '--bind-ip', '127.0.0.1', '--port', String(port), '--postgres-url', o.postgresUrl, '--local-worker', join(dir, 'data', 'worker'),
      '--add-local-user', 'admin:admin', '--main-team-local-user', 'admin']
    : ['quickstart', ...(o.example ? [] : ['--no-example']), '--port', String(port), '--data-dir', join(dir, 'data')];
  const child = spawn(process.execPath, [...nodeArgs, 'bin/gantry', ...command], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...o.env, HOME: home },
  });
  let out = '';
  child.stdout!.on('data', (d) => { out = (out + d).slice(-8000); });
  child.stderr!.on('data', (d) => { out = (out + d).slice(-8000); });
  let left: Leftovers | undefined;
  const stop = async (): Promise<Leftovers> => {
    if (left) return left;
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(t);
    }
    // Volumes' overlay mounts outlive a stopped worker by design (a restart mounts them
    // again); a throwaway node takes them, and anything else it left, with it.
    left = leftovers(join(dir, 'data', 'worker'), true);
    rmSync(dir, { recursive: true, force: true });
    return left;
  };
  try {
    await waitReady(url, child, () => out);
  } catch (e) {
    await stop();
    throw e;
  }
  const gantry: BenchNode['gantry'] = (args, opts = {}) => {
    const r = spawnSync(process.execPath, ['bin/gantry', '-t', 'bench', ...args], { encoding: 'utf8', env: { ...process.env, HOME: home } });
    const res = { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    if (res.code !== 0 && !opts.allowFail) throw new Error(`gantry ${args.join(' ')} exited ${res.code}: ${r.stderr}`);
    return res;
  };
  gantry(['login', '-c', url, '-u', 'admin', '-p', 'admin']);
  const token = await login(url);
  return { url, dir, home, pid: child.pid!, gantry, token, stop, log: () => out, alive: () => child.exitCode === null && child.signalCode === null };
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/sky/issuer/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from('fly:Zmx5').toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'password', username: 'admin', password: 'admin', scope: 'openid profile email federated:id groups' }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
