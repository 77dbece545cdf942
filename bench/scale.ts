// Row 5, the scale test, through the pipeline path: a quickstart-like node runs builds of a
// job `hold` whose task fans out with `across` (max_in_flight: all) into BATCH containers
// that each report their start to the bench over loopback (busybox wget) and then sleep.
// Builds are triggered one after another until LIVE containers are up; each batch's time
// (trigger → last container started) is recorded, and every EVERY containers the bench
// also times BATCH raw `runc run -d` (4 at a time) at the same live count. Then, with the
// ceiling held, the oldest build is aborted and a new one triggered until TOTAL containers
// have been started, finished and reaped. The node's API is sampled every 250 ms all along.
// Afterwards every build is aborted, the node stopped, and leftovers counted (runc state,
// mounts, cgroups) and removed. Ctrl-C or a failure cleans up the same way.
// Run: node --import tsx bench/scale.ts [--quick] [--live N] [--total N] [--batch N] [--every N] [--postgres]
//   [--churn-minutes M]  (stop churning after M minutes, short of --total; the report says how many)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchNode, type BenchNode } from './lib/quickstart-node';
import { RawRunc } from './lib/raw-runc';
import { emitRow, isMain, numFlag, quick } from './lib/row';
import { ApiProbe, leftovers, type Leftovers, memAvailableMb, pidMax, pidsInUse, processFacts, runcIds } from './lib/scale-probes';

const MB_PER_CONTAINER = 1.6; // measured: ~1.5 MB per live Gantry container (init, overlay, files)

/** The most containers this host should hold now: 60% of free memory, 2 pids each plus headroom. */
export function defaultCeiling(): number {
  const byMemory = Math.floor((memAvailableMb() * 0.6) / MB_PER_CONTAINER);
  const byPids = Math.floor((pidMax() - pidsInUse() - 4000) / 2);
  return Math.max(0, Math.min(20_000, byMemory, byPids));
}

interface Checkpoint { live: number; gantryMs: number; rawMs: number; apiP99: number; apiMax: number; pingP99: number; rssMb: number; fds: number; memFreeMb: number }

class StartListener {
  private count = 0;
  private waiter: { n: number; resolve: () => void } | undefined;
  server: Server = createServer((req, res) => {
    res.end('ok');
    if (!req.url?.startsWith('/started/')) return; // /ping: the latency baseline
    this.count++;
    if (this.waiter && this.count >= this.waiter.n) { this.waiter.resolve(); this.waiter = undefined; }
  });
  port = 0;
  async listen(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }
  /** Resolves once `n` starts in total have been reported (or rejects after timeoutMs). */
  until(n: number, timeoutMs: number): Promise<void> {
    if (this.count >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`only ${this.count} of ${n} containers reported their start`)), timeoutMs);
      this.waiter = { n, resolve: () => { clearTimeout(t); resolve(); } };
    });
  }
  get started(): number { return this.count; }
}

function pipeline(batch: number, port: number): string {
  const values = Array.from({ length: batch }, (_, i) => i + 1).join(', ');
  return `jobs:
- name: hold
  plan:
  - task: c
    across:
    - var: i
      values: [${values}]
      max_in_flight: all
    params: {I: ((.:i))}
    config:
      platform: linux
      image_resource: {type: mock, source: {mirror_self: true}}
      params: {I: "0"}
      run:
        path: sh
        args: [-c, 'wget -q -O /dev/null "http://127.0.0.1:${port}/started/$I"; exec sleep 1000000']
`;
}

async function api(node: BenchNode, method: string, path: string): Promise<unknown> {
  const call = () => fetch(node.url + path, { method, headers: { Authorization: `Bearer ${node.token}` } });
  const res = await call().catch((e: unknown) => { if (method !== 'POST') return call(); throw e; });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const JOB = '/api/v1/teams/main/pipelines/scale/jobs/hold/builds';

export async function benchScale(o: { live: number; total: number; batch: number; every: number; postgresUrl?: string; churnMinutes?: number }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-bench-scale-'));
  const raw = new RawRunc(join(dir, 'raw'));
  const listener = new StartListener();
  await listener.listen();
  let node: BenchNode | undefined;
  let probe: ApiProbe | undefined;
  let ping: ApiProbe | undefined;
  const builds: number[] = [];
  const workDir = (): string => join(node!.dir, 'data', 'worker');
  let cleaned = false;
  const cleanup = async (): Promise<Leftovers & { seconds: number }> => {
    if (cleaned) return { containers: 0, mounts: 0, cgroups: 0, volumeMounts: 0, seconds: 0 };
    cleaned = true;
    const t0 = performance.now();
    probe?.stop();
    ping?.stop();
    listener.server.close();
    raw.cleanup();
    let left: Leftovers = { containers: 0, mounts: 0, cgroups: 0, volumeMounts: 0 };
    if (node) {
      for (const id of builds) await api(node, 'PUT', `/api/v1/builds/${id}/abort`).catch(() => undefined);
      const deadline = Date.now() + 300_000;
      while (runcIds(join(workDir(), 'runc')).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
      const wd = workDir();
      left = await node.stop().catch(() => leftovers(wd, true)); // counted after Gantry's own cleanup, then removed
    }
    rmSync(dir, { recursive: true, force: true });
    return { ...left, seconds: (performance.now() - t0) / 1000 };
  };
  const onSignal = (): void => { void cleanup().finally(() => process.exit(130)); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    node = await startBenchNode({ postgresUrl: o.postgresUrl });
    writeFileSync(join(dir, 'scale.yml'), pipeline(o.batch, listener.port));
    node.gantry(['set-pipeline', '-n', '-p', 'scale', '-c', join(dir, 'scale.yml')]);
    node.gantry(['unpause-pipeline', '-p', 'scale']);
    await api(node, 'GET', '/api/v1/info');
    probe = new ApiProbe(`${node.url}/api/v1/teams/main/pipelines/scale/jobs`, node.token);
    probe.start();
    // Same-run baseline for the API: a trivial HTTP server in the bench process, sampled the
    // same way, tells a blocked node event loop from a saturated machine.
    ping = new ApiProbe(`http://127.0.0.1:${listener.port}/ping`, '');
    ping.start();
    const points: Checkpoint[] = [];
    const batchMs: number[] = [];
    let lastCheck = performance.now();
    const startBatch = async (): Promise<number> => {
      const t0 = performance.now();
      builds.push(((await api(node!, 'POST', JOB)) as { id: number }).id);
      await listener.until(listener.started + o.batch, 600_000);
      return performance.now() - t0;
    };
    // Ramp: a checkpoint at 0 live, then every `every` containers.
    while (listener.started < o.live) {
      const live = listener.started;
      const checkpoint = live % o.every === 0;
      const rawRun = checkpoint ? await raw.start(o.batch) : undefined;
      if (rawRun) raw.remove(rawRun.ids);
      const ms = await startBatch();
      batchMs.push(ms);
      if (rawRun) {
        const api99 = probe.summary(lastCheck);
        const ping99 = ping.summary(lastCheck);
        lastCheck = performance.now();
        const f = processFacts(node.pid);
        const p = { live, gantryMs: ms, rawMs: rawRun.ms, apiP99: api99.p99, apiMax: api99.max, pingP99: ping99.p99, rssMb: f.rssMb, fds: f.fds, memFreeMb: memAvailableMb() };
        points.push(p);
        console.log(`live ${p.live}: next ${o.batch} via gantry ${p.gantryMs.toFixed(0)} ms, raw runc ${p.rawMs.toFixed(0)} ms (${(p.gantryMs / p.rawMs).toFixed(2)}×); ` +
          `API p99 ${p.apiP99.toFixed(0)} ms max ${p.apiMax.toFixed(0)} ms (trivial server p99 ${p.pingP99.toFixed(0)} ms); node RSS ${p.rssMb.toFixed(0)} MB, ${p.fds} fds; host free ${p.memFreeMb.toFixed(0)} MB`);
      }
    }
    const rampDone = performance.now();
    // Churn: hold the ceiling, replacing the oldest build's containers until `total` started.
    let churned = 0;
    const churnUntil = performance.now() + (o.churnMinutes ?? Infinity) * 60_000;
    while (listener.started < o.total && performance.now() < churnUntil) {
      const oldest = builds.shift()!;
      await api(node, 'PUT', `/api/v1/builds/${oldest}/abort`);
      await waitFinished(node, oldest);
      await startBatch();
      churned++;
    }
    const churnSeconds = (performance.now() - rampDone) / 1000;
    const liveAtEnd = runcIds(join(workDir(), 'runc')).length;
    const apiAll = probe.summary();
    const pingAll = ping.summary();
    const started = listener.started;
    const left = await cleanup();
    report(o, points, apiAll, pingAll, { started, churned, churnSeconds, liveAtEnd, left });
  } catch (e) {
    if (node && !node.alive()) console.error(`the node died; its output:\n${node.log()}`);
    throw e;
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function waitFinished(node: BenchNode, id: number): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const b = (await api(node, 'GET', `/api/v1/builds/${id}`)) as { status: string };
    if (!['pending', 'started'].includes(b.status)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`build ${id} did not stop within 2 minutes of its abort`);
}

function report(o: { live: number; total: number; batch: number; postgresUrl?: string }, points: Checkpoint[], api: ReturnType<ApiProbe['summary']>, ping: ReturnType<ApiProbe['summary']>,
  end: { started: number; churned: number; churnSeconds: number; liveAtEnd: number; left: Leftovers & { seconds: number } }): void {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const selfRatio = last.gantryMs / first.gantryMs;
  const rawRatio = last.gantryMs / last.rawMs;
  const leaked = end.left.containers + end.left.mounts + end.left.cgroups;
  console.log(`started ${end.started} containers in total (${end.churned} batches churned at the ceiling in ${end.churnSeconds.toFixed(0)} s), ${end.liveAtEnd} live at the end; ` +
    `cleanup ${end.left.seconds.toFixed(0)} s; left behind: ${JSON.stringify(end.left)}; API over the run: p50 ${api.p50.toFixed(0)} ms, p99 ${api.p99.toFixed(0)} ms, max ${api.max.toFixed(0)} ms, ${api.failed} failed of ${api.n}; trivial server beside it: p99 ${ping.p99.toFixed(0)} ms, max ${ping.max.toFixed(0)} ms`);
  emitRow({
    id: o.postgresUrl ? 'scale-postgres' : 'scale',
    what: `containers through a pipeline (across of ${o.batch}, sleep): time to start the next ${o.batch} at N live vs raw runc run -d${o.postgresUrl ? '; web node on PostgreSQL' : ''}`,
    scale: `ramp to ${o.live} live, ${end.started} started in total`,
    gantry: `${first.gantryMs.toFixed(0)} ms at ${first.live} live → ${last.gantryMs.toFixed(0)} ms at ${last.live} live (${selfRatio.toFixed(2)}×)`,
    baseline: `raw ${first.rawMs.toFixed(0)} → ${last.rawMs.toFixed(0)} ms`,
    result: `${rawRatio.toFixed(2)}× raw at ${last.live}; API p99 ${api.p99.toFixed(0)} / max ${api.max.toFixed(0)} ms (trivial server p99 ${ping.p99.toFixed(0)} ms); leaked ${leaked}`,
    goal: 'self ≤ 1.5×, ≤ 1.3× raw, API < 100 ms, 0 leaked',
    met: selfRatio <= 1.5 && rawRatio <= 1.3 && api.max < 100 && leaked === 0,
  });
  console.log('BENCH-SCALE ' + JSON.stringify({ points, api, ping, end }));
}

if (isMain(import.meta.url)) {
  const q = quick();
  const batch = numFlag('batch', q ? 5 : 100);
  const live = numFlag('live', q ? 10 : defaultCeiling());
  // --postgres: the node runs `gantry web --local-worker` on a private PostgreSQL cluster instead of PGlite.
  const postgresUrl = process.argv.includes('--postgres') ? await (await import('../test/testkit/postgres')).freshDatabase() : undefined;
  await benchScale({ live, batch, every: numFlag('every', q ? 5 : 1000), total: Math.max(live, numFlag('total', q ? 15 : 30_000)), postgresUrl,
    churnMinutes: numFlag('churn-minutes', Infinity) });
  process.exit(0); // a private PostgreSQL cluster stops with the process
}
