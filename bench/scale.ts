// Row 5, the scale test, through the pipeline path: a quickstart-like node runs builds of a
// job `hold` whose task fans out with `across` (max_in_flight: all) into BATCH containers
// that each report their start to the bench over loopback (busybox wget) and then sleep.
// Builds are triggered one after another until LIVE containers are up; each batch's time
// (trigger → last container started) is recorded, and every EVERY containers the bench
// also times BATCH raw `runc run -d` (4 at a time) at the same live count, of containers that
// run the same program (report, then sleep), until the last of them has reported. Then, with the
// ceiling held, the oldest build is aborted and a new one triggered (once the worker's
// removals have brought it back to the ceiling) until TOTAL containers
// have been started, finished and reaped. The node's API is sampled every 250 ms all along.
// Afterwards every build is aborted, the node stopped, and leftovers counted (runc state,
// mounts, cgroups) and removed. Ctrl-C or a failure cleans up the same way.
// Run: node --import tsx bench/scale.ts [--quick] [--live N] [--total N] [--batch N] [--every N] [--postgres]
//   [--churn-minutes M]  (stop churning after M minutes, short of --total; the report says how many)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { api } from './lib/api';
import { startBenchNode, type BenchNode } from './lib/quickstart-node';
import { RawRunc } from './lib/raw-runc';
import { BENCH_RUNTIME, emitRow, isMain, numFlag, quick } from './lib/row';
import { ApiProbe, leftovers, type Leftovers, memAvailableMb, memoryCgroups, pidMax, pidsInUse, processFacts, runcIds } from './lib/scale-probes';

const MB_PER_CONTAINER = 1.6; // measured: ~1.5 MB per live Gantry container (init, overlay, files)

/** Free memory the ramp never eats into (other work shares the host): it stops early below it. */
export const HEADROOM_MB = 4096;

/** The most containers this host should hold now: 60% of free memory, and never within
 *  HEADROOM_MB of running out. Pids are raised to fit (ensurePidRoom), not a ceiling. */
export function defaultCeiling(): number {
  const free = memAvailableMb();
  const byMemory = Math.floor(Math.min(free * 0.6, free - HEADROOM_MB) / MB_PER_CONTAINER);
  return Math.max(0, Math.min(20_000, byMemory));
}

/** Each container holds 2 host pids (init + task): 10,000 live need 20,000 on top of what runs,
 *  over the 32768 default of kernel.pid_max. Raised (as root) to fit, and said so. */
export function ensurePidRoom(live: number): void {
  const needed = pidsInUse() + 2 * live + 4000;
  if (pidMax() >= needed) return;
  const to = Math.max(65_536, needed);
  try {
    writeFileSync('/proc/sys/kernel/pid_max', String(to));
    console.log(`raised kernel.pid_max to ${to} (${live} containers hold ${2 * live} pids)`);
  } catch (e) {
    throw new Error(`kernel.pid_max ${pidMax()} is too small for ${live} containers (2 pids each) and cannot be raised: ${(e as Error).message}`);
  }
}

interface Checkpoint { live: number; gantryMs: number; rawMs: number; apiP99: number; apiMax: number; apiConnectMax: number; pingP99: number; loopMax: number; rssMb: number; fds: number; memFreeMb: number }

/** The node's worst event-loop delay (ms) since `since` (epoch ms), from loop-delay-preload.mjs. */
function loopDelayMax(file: string, since: number): number {
  let lines: string[] = [];
  try { lines = readFileSync(file, 'utf8').split('\n').filter(Boolean); } catch { return NaN; }
  return lines.map((l) => JSON.parse(l) as { at: number; max: number }).filter((x) => x.at >= since).reduce((m, x) => Math.max(m, x.max), 0);
}

/** Counts the containers' reports: Gantry's at /started/N, the raw baseline's at /raw/N. */
class StartListener {
  private readonly counts = { started: 0, raw: 0 };
  private readonly waiters: { kind: 'started' | 'raw'; n: number; resolve: () => void }[] = [];
  server: Server = createServer((req, res) => {
    res.end('ok');
    const kind = req.url?.startsWith('/started/') ? 'started' : req.url?.startsWith('/raw/') ? 'raw' : undefined;
    if (!kind) return; // /ping: the latency baseline
    this.counts[kind]++;
    for (const w of [...this.waiters]) {
      if (w.kind === kind && this.counts[kind] >= w.n) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(); }
    }
  });
  port = 0;
  async listen(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }
  /** Resolves once `n` starts in total have been reported (or rejects after timeoutMs). */
  until(n: number, timeoutMs: number, kind: 'started' | 'raw' = 'started'): Promise<void> {
    if (this.counts[kind] >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`only ${this.counts[kind]} of ${n} ${kind === 'raw' ? 'raw ' : ''}containers reported their start`)), timeoutMs);
      this.waiters.push({ kind, n, resolve: () => { clearTimeout(t); resolve(); } });
    });
  }
  get started(): number { return this.counts.started; }
  get rawStarted(): number { return this.counts.raw; }
}

/** What every container of the row runs, Gantry's and the raw baseline's alike: report the
 *  start to the bench over loopback, then sleep. */
const reportThenSleep = (port: number, path: string): string => `wget -q -O /dev/null "http://127.0.0.1:${port}/${path}"; exec sleep 1000000`;

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
        args: [-c, '${reportThenSleep(port, 'started/$I')}']
`;
}

const JOB = '/api/v1/teams/main/pipelines/scale/jobs/hold/builds';

export async function benchScale(o: { live: number; total: number; batch: number; every: number; postgresUrl?: string; churnMinutes?: number }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-bench-scale-'));
  const listener = new StartListener();
  await listener.listen();
  const raw = new RawRunc(join(dir, 'raw'), ['sh', '-c', reportThenSleep(listener.port, 'raw/0')]);
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
      const deadline = Date.now() + 900_000; // 10,000 containers take minutes to stop
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
  const memcgs: Record<string, number> = { before: memoryCgroups() };
  try {
    ensurePidRoom(o.live);
    const loopFile = join(dir, 'loop-delay.jsonl');
    const extraArgs = process.env.GANTRY_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    node = await startBenchNode({ postgresUrl: o.postgresUrl, nodeArgs: ['--import', resolve('bench/lib/loop-delay-preload.mjs'), ...extraArgs],
      env: { GANTRY_LOOP_DELAY_FILE: loopFile } });
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
    const rampStart = lastCheck;
    // While raw runc runs, Gantry starts nothing: API samples then are the same-run baseline
    // of the node's API on this machine's load without container starts of its own.
    const idleWindows: [number, number][] = [];
    let lastCheckAt = Date.now();
    const startBatch = async (): Promise<number> => {
      const t0 = performance.now();
      builds.push(((await api(node!, 'POST', JOB)) as { id: number }).id);
      await listener.until(listener.started + o.batch, 600_000);
      return performance.now() - t0;
    };
    // Ramp: a checkpoint at 0 live, then every `every` containers; stops early (and says so)
    // when the host's free memory falls to HEADROOM_MB.
    let stoppedByMemory = false;
    while (listener.started < o.live) {
      if (memAvailableMb() < HEADROOM_MB) {
        stoppedByMemory = true;
        console.log(`ramp stopped at ${listener.started} live: host free memory ${memAvailableMb().toFixed(0)} MB < ${HEADROOM_MB} MB headroom`);
        break;
      }
      const live = listener.started;
      const checkpoint = live % o.every === 0;
      const rawT0 = performance.now();
      // The raw baseline's time, like Gantry's, ends when its last container has reported.
      const rawRun = checkpoint ? await raw.start(o.batch, 4, () => listener.until(listener.rawStarted + o.batch, 600_000, 'raw')) : undefined;
      if (rawRun) {
        idleWindows.push([rawT0, performance.now()]);
        await raw.remove(rawRun.ids);
      }
      const ms = await startBatch();
      batchMs.push(ms);
      if (rawRun) {
        const api99 = probe.summary(lastCheck);
        const ping99 = ping.summary(lastCheck);
        const loopMax = loopDelayMax(loopFile, lastCheckAt);
        lastCheck = performance.now();
        lastCheckAt = Date.now();
        const f = processFacts(node.pid);
        const p = { live, gantryMs: ms, rawMs: rawRun.ms, apiP99: api99.p99, apiMax: api99.max, apiConnectMax: api99.connectMax, pingP99: ping99.p99, loopMax, rssMb: f.rssMb, fds: f.fds, memFreeMb: memAvailableMb() };
        points.push(p);
        console.log(`live ${p.live}: next ${o.batch} via gantry ${p.gantryMs.toFixed(0)} ms, raw ${BENCH_RUNTIME} ${p.rawMs.toFixed(0)} ms (${(p.gantryMs / p.rawMs).toFixed(2)}×); ` +
          `API p99 ${p.apiP99.toFixed(0)} ms max ${p.apiMax.toFixed(0)} ms (slowest connect ${p.apiConnectMax.toFixed(0)} ms) (trivial server p99 ${p.pingP99.toFixed(0)} ms); node event loop max delay ${p.loopMax.toFixed(0)} ms; node RSS ${p.rssMb.toFixed(0)} MB, ${p.fds} fds; host free ${p.memFreeMb.toFixed(0)} MB`);
      }
    }
    const rampDone = performance.now();
    const peakLive = listener.started;
    memcgs.ramped = memoryCgroups();
    // Churn: hold the ceiling, replacing the oldest build's containers until `total` started.
    // The next batch starts while the oldest one is being aborted (live briefly ceiling + one
    // batch); when the host's free memory is below the headroom, a batch ends without one.
    let churned = 0;
    let shrunk = 0;
    let removalWaitMs = 0;
    const churnUntil = performance.now() + (o.churnMinutes ?? Infinity) * 60_000;
    while (listener.started < o.total && performance.now() < churnUntil && builds.length > 0) {
      // A finished build's containers are removed in the background (the build does not wait
      // for it): before the next batch starts, the worker must be back under the ceiling, or
      // a removal lag would let live containers grow past it.
      removalWaitMs += await untilAtMost(() => runcIds(join(workDir(), 'runc')).length, peakLive, 600_000);
      const oldest = builds.shift()!;
      await api(node, 'PUT', `/api/v1/builds/${oldest}/abort`);
      if (memAvailableMb() < HEADROOM_MB) {
        await waitFinished(node, oldest);
        shrunk++;
        continue;
      }
      await Promise.all([waitFinished(node, oldest), startBatch()]);
      churned++;
    }
    console.log(`churn waited ${(removalWaitMs / 1000).toFixed(0)} s in total for removals to bring the worker back to ${peakLive} containers`);
    if (shrunk > 0) console.log(`${shrunk} batches ended without a replacement: host free memory fell below ${HEADROOM_MB} MB`);
    const churnSeconds = (performance.now() - rampDone) / 1000;
    const liveAtEnd = runcIds(join(workDir(), 'runc')).length;
    memcgs.churned = memoryCgroups();
    const apiAll = probe.summary();
    const apiIdle = probe.summary(0, idleWindows);
    console.log(`API while only raw ${BENCH_RUNTIME} started containers (Gantry idle, same machine load): p50 ${apiIdle.p50.toFixed(0)} ms, p99 ${apiIdle.p99.toFixed(0)} ms, max ${apiIdle.max.toFixed(0)} ms of ${apiIdle.n}`);
    const slowest = [...probe.samples].sort((a, b) => b.ms - a.ms).slice(0, 5);
    console.log(`slowest API samples: ${slowest.map((x) => `${x.ms.toFixed(0)} ms (connect ${x.connectMs.toFixed(0)} ms) at +${((x.at - rampStart) / 1000).toFixed(1)} s`).join('; ')}`);
    const pingAll = ping.summary();
    const started = listener.started;
    const left = await cleanup();
    await new Promise((r) => setTimeout(r, 3000)); // the kernel frees removed cgroups a moment later
    memcgs.cleaned = memoryCgroups();
    const reclaimMs = [...node.log().matchAll(/memory cgroups alive \((\d+) ms\)/g)].map((m) => Number(m[1]));
    console.log(`the worker reclaimed its parent cgroup ${reclaimMs.length} times: ${reclaimMs.join(', ')} ms`);
    const lingered = /memory cgroups lingered: (.*)/.exec(node.log())?.[1];
    if (lingered) console.log(`memory cgroups lingered: ${lingered}`);
    console.log(`memory cgroups on the host (live and removed-but-held): before ${memcgs.before}, ramp done ${memcgs.ramped} (${peakLive} live), ` +
      `churn done ${memcgs.churned} (${liveAtEnd} live), after clean-up ${memcgs.cleaned}`);
    report(o, points, apiAll, pingAll, apiIdle, { started, churned, churnSeconds, liveAtEnd, left, peakLive, stoppedByMemory, memcgs });
  } catch (e) {
    if (node && !node.alive()) console.error(`the node died; its output:\n${node.log()}`);
    throw e;
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Waits until `count()` is at most `n` (checked every 250 ms); returns the milliseconds waited. */
async function untilAtMost(count: () => number, n: number, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  while (count() > n) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`still ${count()} containers after ${timeoutMs / 1000} s, ceiling ${n}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return performance.now() - t0;
}

async function waitFinished(node: BenchNode, id: number): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    const b = (await api(node, 'GET', `/api/v1/builds/${id}`)) as { status: string };
    if (!['pending', 'started'].includes(b.status)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`build ${id} did not stop within 5 minutes of its abort`);
}

function report(o: { live: number; total: number; batch: number; postgresUrl?: string }, points: Checkpoint[], api: ReturnType<ApiProbe['summary']>, ping: ReturnType<ApiProbe['summary']>, idle: ReturnType<ApiProbe['summary']>,
  end: { started: number; churned: number; churnSeconds: number; liveAtEnd: number; left: Leftovers & { seconds: number }; peakLive: number; stoppedByMemory: boolean; memcgs: Record<string, number> }): void {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const selfRatio = last.gantryMs / first.gantryMs;
  const rawRatio = last.gantryMs / last.rawMs;
  const leaked = end.left.containers + end.left.mounts + end.left.cgroups;
  console.log(`started ${end.started} containers in total (${end.churned} batches churned at the ceiling in ${end.churnSeconds.toFixed(0)} s), ${end.liveAtEnd} live at the end; ` +
    `cleanup ${end.left.seconds.toFixed(0)} s; left behind: ${JSON.stringify(end.left)}; API over the run: p50 ${api.p50.toFixed(0)} ms, p99 ${api.p99.toFixed(0)} ms, max ${api.max.toFixed(0)} ms, ${api.failed} failed of ${api.n}; trivial server beside it: p99 ${ping.p99.toFixed(0)} ms, max ${ping.max.toFixed(0)} ms`);
  emitRow({
    id: o.postgresUrl ? 'scale-postgres' : 'scale',
    what: `containers through a pipeline (across of ${o.batch}, sleep): time to start the next ${o.batch} at N live vs raw runc run -d of the same program${o.postgresUrl ? '; web node on PostgreSQL' : ''}`,
    scale: `ramp to ${end.peakLive} live${end.stoppedByMemory ? ` (stopped by the ${HEADROOM_MB} MB memory headroom; asked ${o.live})` : ''}, ${end.started} started in total`,
    gantry: `${first.gantryMs.toFixed(0)} ms at ${first.live} live → ${last.gantryMs.toFixed(0)} ms at ${last.live} live (${selfRatio.toFixed(2)}×)`,
    baseline: `raw ${first.rawMs.toFixed(0)} → ${last.rawMs.toFixed(0)} ms`,
    result: `${rawRatio.toFixed(2)}× raw at ${last.live}; API p99 ${api.p99.toFixed(0)} / max ${api.max.toFixed(0)} ms (idle node p99 ${idle.p99.toFixed(0)}, trivial server p99 ${ping.p99.toFixed(0)} ms); leaked ${leaked}`,
    goal: 'self ≤ 1.5×, ≤ 1.3× raw, API < 100 ms, 0 leaked',
    met: selfRatio <= 1.5 && rawRatio <= 1.3 && api.max < 100 && leaked === 0,
  });
  console.log('BENCH-SCALE ' + JSON.stringify({ points, api, ping, idle, end }));
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
