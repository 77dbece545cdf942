// Row 2, build throughput: N manually triggered builds of a one-task job (busybox `true`
// in a container, warm image) on a quickstart-like node, against the same N builds in
// Debian's buildbot 3.7 (master + workers on loopback, a builder running `true`, every
// change its own build), both timed from the first trigger to the last build's end.
// Goal: Gantry's builds/s ≥ 5× buildbot's.
// Run: node --import tsx bench/build-throughput.ts [--quick] [--builds N] [--bb-workers N] [--no-buildbot]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildbotInstalled, startBuildbot } from './lib/buildbot';
import { startBenchNode, type BenchNode } from './lib/quickstart-node';
import { emitRow, isMain, numFlag, quick } from './lib/row';

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

async function api(node: BenchNode, method: string, path: string): Promise<unknown> {
  const call = () => fetch(node.url + path, { method, headers: { Authorization: `Bearer ${node.token}` } });
  // A pooled keep-alive socket the server closed while idle (its 5 s timeout, e.g. during a
  // slow CLI call) fails the next request at once; a GET is safe to repeat.
  const res = await call().catch((e: unknown) => { if (method === 'GET') return call(); throw e; });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Triggers n builds and waits for all of them; returns seconds and the count per status. */
async function gantryBuilds(node: BenchNode, n: number): Promise<{ seconds: number; statuses: Record<string, number> }> {
  const t0 = performance.now();
  const ids = new Set<number>();
  await api(node, 'GET', '/api/v1/info'); // refresh the pooled connection before the POSTs
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
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function benchBuildThroughput(n: number, bbWorkers: number, withBuildbot: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-bench-throughput-'));
  let ours: { seconds: number; statuses: Record<string, number> };
  const node = await startBenchNode();
  try {
    writeFileSync(join(dir, 'p.yml'), PIPELINE);
    node.gantry(['set-pipeline', '-n', '-p', 'bench', '-c', join(dir, 'p.yml')]);
    node.gantry(['unpause-pipeline', '-p', 'bench']);
    await gantryBuilds(node, 2); // warm: the image is fetched once
    ours = await gantryBuilds(node, n);
  } catch (e) {
    if (!node.alive()) console.error(`the node died; its output:\n${node.log()}`);
    throw e;
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const oursRate = n / ours.seconds;
  console.log(`gantry: ${n} builds in ${ours.seconds.toFixed(1)} s = ${oursRate.toFixed(2)} builds/s ${JSON.stringify(ours.statuses)}`);
  let theirs: { seconds: number; results: Record<string, number> } | undefined;
  if (withBuildbot && buildbotInstalled()) {
    const bb = await startBuildbot(bbWorkers);
    try {
      bb.run(2);
      theirs = bb.run(n);
    } finally {
      bb.stop();
    }
    console.log(`buildbot (${bbWorkers} workers): ${n} builds in ${theirs.seconds.toFixed(1)} s = ${(n / theirs.seconds).toFixed(2)} builds/s ${JSON.stringify(theirs.results)}`);
  } else {
    console.log('buildbot: not run (install it with scripts/install-buildbot.sh)');
  }
  const theirRate = theirs ? n / theirs.seconds : undefined;
  const allOk = ours.statuses.succeeded === n;
  emitRow({
    id: 'build-throughput', what: 'triggered builds of a one-task job (`true` in a container) vs buildbot 3.7',
    scale: `${n} builds; buildbot ${bbWorkers} worker(s)`, gantry: `${oursRate.toFixed(2)} builds/s${allOk ? '' : ` (${JSON.stringify(ours.statuses)})`}`,
    baseline: theirRate ? `${theirRate.toFixed(2)} builds/s` : 'not run',
    result: theirRate ? `${(oursRate / theirRate).toFixed(1)}×` : '—', goal: '≥ 5× buildbot',
    met: theirRate ? allOk && oursRate >= 5 * theirRate : undefined,
  });
}

if (isMain(import.meta.url)) {
  await benchBuildThroughput(numFlag('builds', quick() ? 5 : 200), numFlag('bb-workers', 1), !process.argv.includes('--no-buildbot'));
}
