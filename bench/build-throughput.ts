// Row 2, build throughput: N manually triggered builds of a one-task job (busybox `true`
// in a container, warm image) on a quickstart-like node, against the same N builds in
// Debian's buildbot 3.7 (master + workers on loopback, a builder running `true`, every
// change its own build), both timed from the first trigger to the last build's end.
// The two run in alternating rounds (Gantry N/R builds, buildbot N/R, R times), so a change
// in the machine's load (other work shares it) falls on both alike.
// Goal: Gantry's builds/s ≥ 5× buildbot's.
// Run: node --import tsx bench/build-throughput.ts [--quick] [--builds N] [--rounds R] [--bb-workers N] [--no-buildbot]
//   [--postgres]  (the web node on a throwaway PostgreSQL database instead of PGlite: the store's share)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api } from './lib/api';
import { buildbotInstalled, startBuildbot } from './lib/buildbot';
import { rawRuncRate } from './lib/raw-runc';
import { startBenchNode, type BenchNode } from './lib/quickstart-node';
import { BENCH_RUNTIME, emitRow, isMain, numFlag, quick } from './lib/row';

const PIPELINE = `jobs:
- name: one
  plan:
  - task: t
    config:
      platform: linux
      image_resource: {type: mock, source: {mirror_self: true}}
      run: {path: "true"}
`;
const JOB = '/api/v1/teams/main/pipelines/bench/jobs/one/builds';
const DONE = new Set(['succeeded', 'failed', 'errored', 'aborted']);

/** Triggers n builds and waits for all of them; returns seconds and the count per status. */
async function gantryBuilds(node: BenchNode, n: number): Promise<{ seconds: number; statuses: Record<string, number> }> {
  const t0 = performance.now();
  const ids = new Set<number>();
  for (let i = 0; i < n; i++) ids.add(((await api(node, 'POST', JOB)) as { id: number }).id);
  for (;;) {
    const builds = (await api(node, 'GET', `${JOB}?limit=${n + 50}`)) as { id: number; status: string }[];
    const ours = builds.filter((b) => ids.has(b.id));
    if (ours.length === n && ours.every((b) => DONE.has(b.status))) {
      const statuses: Record<string, number> = {};
      for (const b of ours) statuses[b.status] = (statuses[b.status] ?? 0) + 1;
      return { seconds: (performance.now() - t0) / 1000, statuses };
    }
    if (performance.now() - t0 > 900_000) throw new Error('gantry builds did not finish within 15 minutes');
    // Not faster: each poll lists the job's builds, work the node would otherwise spend on them.
    await new Promise((r) => setTimeout(r, 200));
  }
}

function addStatuses(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

export async function benchBuildThroughput(n: number, bbWorkers: number, withBuildbot: boolean, rounds = 1, postgresUrl?: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-bench-throughput-'));
  const ours = { seconds: 0, statuses: {} as Record<string, number> };
  let theirs: { seconds: number; results: Record<string, number> } | undefined;
  const node = await startBenchNode({ postgresUrl });
  const bb = withBuildbot && buildbotInstalled() ? await startBuildbot(bbWorkers).catch(async (e) => { await node.stop(); throw e; }) : undefined;
  const per = Math.max(1, Math.round(n / rounds));
  let rawSeconds = 0;
  try {
    writeFileSync(join(dir, 'p.yml'), PIPELINE);
    node.gantry(['set-pipeline', '-n', '-p', 'bench', '-c', join(dir, 'p.yml')]);
    node.gantry(['unpause-pipeline', '-p', 'bench']);
    await gantryBuilds(node, 2); // warm: the image is fetched once
    bb?.run(2);
    for (let done = 0; done < n; done += per) {
      const k = Math.min(per, n - done);
      const g = await gantryBuilds(node, k);
      ours.seconds += g.seconds;
      addStatuses(ours.statuses, g.statuses);
      if (bb) {
        const b = bb.run(k);
        theirs = { seconds: (theirs?.seconds ?? 0) + b.seconds, results: theirs?.results ?? {} };
        addStatuses(theirs.results, b.results);
        console.log(`round of ${k}: gantry ${(k / g.seconds).toFixed(2)} builds/s, buildbot ${(k / b.seconds).toFixed(2)} builds/s`);
      }
      // The floor beside both: the same number of bare `runc run` of `true`, 4 at a time.
      const rate = await rawRuncRate(dir, k);
      rawSeconds += k / rate;
      console.log(`round of ${k}: raw ${BENCH_RUNTIME} run of true ${rate.toFixed(2)}/s`);
    }
  } catch (e) {
    if (!node.alive()) console.error(`the node died; its output:\n${node.log()}`);
    throw e;
  } finally {
    bb?.stop();
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const oursRate = n / ours.seconds;
  console.log(`gantry: ${n} builds in ${ours.seconds.toFixed(1)} s = ${oursRate.toFixed(2)} builds/s ${JSON.stringify(ours.statuses)}`);
  if (theirs) console.log(`buildbot (${bbWorkers} workers): ${n} builds in ${theirs.seconds.toFixed(1)} s = ${(n / theirs.seconds).toFixed(2)} builds/s ${JSON.stringify(theirs.results)}`);
  else console.log('buildbot: not run (install it with scripts/install-buildbot.sh)');
  const theirRate = theirs ? n / theirs.seconds : undefined;
  const rawRate = n / rawSeconds;
  console.log(`raw ${BENCH_RUNTIME} run of true (4 at a time, no Gantry): ${rawRate.toFixed(2)}/s${theirRate ? ` = ${(rawRate / theirRate).toFixed(1)}× buildbot` : ''}; Gantry is ${(oursRate / rawRate * 100).toFixed(0)}% of it`);
  const allOk = ours.statuses.succeeded === n;
  emitRow({
    id: postgresUrl ? 'build-throughput-postgres' : 'build-throughput',
    what: `triggered builds of a one-task job (\`true\` in a container) vs buildbot 3.7${postgresUrl ? ', web node on PostgreSQL instead of PGlite' : ''}`,
    scale: `${n} builds${rounds > 1 ? ` in ${rounds} alternating rounds` : ''}; buildbot ${bbWorkers} worker(s)`, gantry: `${oursRate.toFixed(2)} builds/s${allOk ? '' : ` (${JSON.stringify(ours.statuses)})`}`,
    baseline: theirRate ? `${theirRate.toFixed(2)} builds/s` : 'not run',
    result: `${theirRate ? `${(oursRate / theirRate).toFixed(1)}×` : '—'} (floor: bare ${BENCH_RUNTIME} run of true, 4 at a time, ${rawRate.toFixed(2)}/s${theirRate ? ` = ${(rawRate / theirRate).toFixed(1)}× buildbot` : ''})`, goal: '≥ 5× buildbot',
    met: theirRate ? allOk && oursRate >= 5 * theirRate : undefined,
  });
}

if (isMain(import.meta.url)) {
  let postgresUrl: string | undefined;
  if (process.argv.includes('--postgres')) postgresUrl = await (await import('../test/testkit/postgres')).freshDatabase();
  await benchBuildThroughput(numFlag('builds', quick() ? 5 : 200), numFlag('bb-workers', 1), !process.argv.includes('--no-buildbot'), numFlag('rounds', quick() ? 1 : 4), postgresUrl);
  if (postgresUrl) process.exit(0); // the private cluster stops with the process
}
