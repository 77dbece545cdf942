// Scheduling latency on a quickstart-like node (PGlite, in-process runc worker, checker,
// scheduler and build tracker in one process), over N repetitions:
//   A. webhook call → the triggered build's `started` (check, new version, scheduling pass,
//      inputs and plan saved, build_started NOTIFY);
//   B. an upstream build's `succeeded` → its downstream `passed:` job's build `started`.
// A's floor is the git check itself (git fetch + rev-list of a local repository), so the same
// check is also timed alone, through the same resource runner, interleaved in the same run
// (the web node's own checker is idle then): A minus that median is what Gantry adds.
// Times are taken where the bench itself hears the store's notifications (same LISTEN path
// as any component). Goals: p50 < 300 ms for both.
// Run: node --import tsx bench/webhook-latency.ts [--quick]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebNode } from '../src/app/web';
import { percentile, ms } from './lib/stats';
import { GitRepo } from '../test/testkit/git-repo';
import { WorkerResourceRunner } from '../src/resources';
import { RuncRuntime } from '../src/worker';
import { client, tokenFor } from '../test/testkit/web-node';

const reps = process.argv.includes('--quick') ? 10 : 100;
const dir = mkdtempSync(join(tmpdir(), 'gantry-bench-webhook-'));
const repo = GitRepo.init();
repo.commit('initial');

const node = await startWebNode({
  port: 0, host: '127.0.0.1', dataDir: join(dir, 'db'), workerDir: join(dir, 'worker'),
  localUsers: [{ username: 'admin', password: 'admin' }], mainTeamUsers: ['admin'],
  signingKey: 'bench-signing-key-of-at-least-32-bytes!!', log: () => {},
});
const api = client(node.url, await tokenFor(node.url, 'admin', 'admin'));
const P = '/api/v1/teams/main/pipelines/bench';

/** Waits for the next notification on channel about a build of `job`; resolves with its arrival time. */
type Waiter = { job: string; resolve: (t: number) => void };
const waiters: Record<string, Waiter[]> = { build_started: [], build_finished: [] };
for (const channel of Object.keys(waiters)) {
  await node.store.notifier.listen(channel, (payload) => {
    const at = performance.now();
    void node.store.builds.get(Number(payload)).then((b) => {
      const list = waiters[channel]!;
      const i = list.findIndex((w) => w.job === b?.jobName);
      if (i >= 0) list.splice(i, 1)[0]!.resolve(at);
    });
  });
}
const next = (channel: string, job: string): Promise<number> =>
  new Promise((resolve, reject) => {
    waiters[channel]!.push({ job, resolve });
    setTimeout(() => reject(new Error(`no ${channel} for ${job} within 60 s`)), 60_000).unref();
  });

const yaml = `resources:
- name: repo
  type: git
  check_every: 1h
  webhook_token: bench
  source: {uri: ${repo.dir}, branch: main}
jobs:
- name: up
  plan:
  - get: repo
    trigger: true
- name: down
  plan:
  - get: repo
    trigger: true
    passed: [up]
`;
const saved = await api.req('PUT', `${P}/config`, yaml, { 'X-Concourse-Config-Version': '0' });
if (saved.status >= 300) throw new Error(`set pipeline: ${await saved.text()}`);
// The first check (at start) builds the initial commit; let that settle before measuring.
let first = Promise.all([next('build_finished', 'up'), next('build_finished', 'down')]);
await api.req('PUT', `${P}/unpause`);
await first;

// The baseline: the same kind of check on its own repository and runner.
const baseRepo = GitRepo.init();
let baseFrom = { ref: baseRepo.commit('initial') };
const baseRuntime = await RuncRuntime.open({ workDir: join(dir, 'base-worker') });
const baseRunner = new WorkerResourceRunner({ runtime: baseRuntime });
const gitCheck: number[] = [];
async function timeGitCheck(i: number): Promise<void> {
  baseRepo.commit(`base ${i}`);
  const t = performance.now();
  const found = await baseRunner.check({ type: 'git', source: { uri: baseRepo.dir, branch: 'main' }, resourceTypes: [], metadata: {}, from: baseFrom });
  gitCheck.push(performance.now() - t);
  baseFrom = found.at(-1) as { ref: string };
}

const webhook: number[] = [];
const downstream: number[] = [];
for (let i = 0; i < reps; i++) {
  repo.commit(`change ${i}`);
  const upStarted = next('build_started', 'up');
  const upFinished = next('build_finished', 'up');
  const downStarted = next('build_started', 'down');
  const downFinished = next('build_finished', 'down');
  const t0 = performance.now();
  const res = await fetch(`${node.url}${P}/resources/repo/check/webhook?webhook_token=bench`, { method: 'POST' });
  if (res.status !== 201) throw new Error(`webhook: ${res.status}`);
  webhook.push((await upStarted) - t0);
  const t1 = await upFinished;
  downstream.push((await downStarted) - t1);
  await downFinished;
  await timeGitCheck(i);
}

const line = (name: string, s: number[]): string =>
  `${name.padEnd(34)} p50 ${ms(percentile(s, 50)).padStart(9)}  p99 ${ms(percentile(s, 99)).padStart(9)}  (n=${s.length})`;
console.log(line('webhook → build started', webhook));
console.log(line('upstream succeeded → downstream started', downstream));
console.log(line('baseline: the git check alone', gitCheck));
console.log(`webhook → started minus the git check's median: p50 ${ms(percentile(webhook, 50) - percentile(gitCheck, 50))}`);
const ok = percentile(webhook, 50) < 300 && percentile(downstream, 50) < 300;
console.log(ok ? 'goal met: both p50 < 300 ms' : 'goal missed: a p50 is 300 ms or more');

await node.stop();
await baseRuntime.close();
baseRepo.remove();
for (const m of readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1] ?? '').filter((m) => m.startsWith(`${dir}/`)).reverse()) {
  try {
    execFileSync('umount', ['-l', m]);
  } catch {
    /* gone */
  }
}
rmSync(dir, { recursive: true, force: true });
repo.remove();
