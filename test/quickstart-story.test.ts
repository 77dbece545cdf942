// The quickstart's story end to end, as a new user meets it: `gantry quickstart` (PGlite,
// in-process worker on real runc) sets up the example; the first commits flow to a promoted
// release; patch-day.sh commits a security patch to the upstream repo and follows it through
// unit, build-candidate, both deploys, both outside-in tests and promote to a shipped
// release; a bad config for env b fails outside-in-b and blocks promotion; the scale job
// fans out a few containers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Build } from '../src/protocol';
import { client, tokenFor, type Client } from './testkit/web-node';
import { startStoryQuickstart, type StoryQuickstart } from './quickstart-story-harness';

const P = 'component-prerelease';
const GATING = ['unit', 'build-candidate', 'deploy-a', 'deploy-b', 'outside-in-a', 'outside-in-b', 'promote'];
const FINISHED = new Set(['succeeded', 'failed', 'errored', 'aborted']);

async function newest(api: Client, pipeline: string, job: string): Promise<Build | undefined> {
  const r = await api.json<Build[]>('GET', `/api/v1/teams/main/pipelines/${pipeline}/jobs/${job}/builds?limit=1`);
  return r.body[0];
}

/** Waits for a finished build of the job with an id above `after`. */
async function finishedAfter(api: Client, pipeline: string, job: string, after: number, timeoutMs = 300_000): Promise<Build> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const b = await newest(api, pipeline, job);
    if (b && b.id > after && FINISHED.has(b.status)) return b;
    if (Date.now() > deadline) throw new Error(`no finished build of ${pipeline}/${job} after ${after} (newest: ${JSON.stringify(b)})`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The build's whole event stream as text (it ends when the build has ended). */
async function buildLog(api: Client, id: number): Promise<string> {
  const res = await api.req('GET', `/api/v1/builds/${id}/events`);
  const reader = res.body!.getReader();
  let text = '';
  const stop = setTimeout(() => void reader.cancel(), 10_000);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString('utf8');
    if (/event: end/.test(text)) break;
  }
  clearTimeout(stop);
  await reader.cancel().catch(() => undefined);
  return text;
}

const gitShow = (repo: string, rev: string): string => execFileSync('git', ['--git-dir', repo, 'show', rev], { encoding: 'utf8' }).trim();

function runPatchDay(qs: StoryQuickstart, home: string): Promise<{ code: number; out: string }> {
  const gantry = `${process.execPath} --import tsx ${resolve('src/app/main.ts')}`;
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, GANTRY: gantry };
  delete env.NODE_TEST_CONTEXT;
  const child = spawn('sh', [resolve('examples/component-release/patch-day.sh'), '-t', 'story', '-d', qs.dataDir,
    '-c', qs.url, '-u', 'admin', '-p', 'admin', '-w', '300'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  return new Promise((r) => child.on('close', (code) => r({ code: code ?? 1, out })));
}

function runScaleReport(home: string, build: string): Promise<{ code: number; out: string }> {
  const gantry = `${process.execPath} --import tsx ${resolve('src/app/main.ts')}`;
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, GANTRY: gantry };
  delete env.NODE_TEST_CONTEXT;
  const child = spawn('sh', [resolve('examples/component-release/scale-report.sh'), '-t', 'story', '-b', build, '-n', '2'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  return new Promise((r) => child.on('close', (code) => r({ code: code ?? 1, out })));
}

test('quickstart story: commit to shipped release, a broken environment blocks promotion, scale fans out', { timeout: 1_500_000 }, async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'gantry-story-home-'));
  const qs = await startStoryQuickstart({ home, scale: 3 });
  try {
    const api = client(qs.url, await tokenFor(qs.url, 'admin', 'admin'));
    const artifacts = join(qs.dataDir, 'example/repos/artifacts.git');

    // The seed commits flow through by themselves: candidate 0.1.0-rc.1 becomes release 0.1.0.
    for (const job of GATING) {
      const b = await finishedAfter(api, P, job, 0);
      assert.equal(b.status, 'succeeded', `first ${job} build`);
    }
    assert.equal(gitShow(artifacts, 'version:release'), '0.1.0');
    assert.equal(gitShow(artifacts, 'version:candidate'), '0.1.1', 'promote bumps the next candidate');
    assert.equal(await (await fetch(`${qs.envs.a}/version`)).text(), '0.1.0-rc.1\n');

    // patch-day: upstream 1.1.6 → candidate 0.1.1-rc.1 → release 0.1.1 → shipped.
    const before = Object.fromEntries(await Promise.all(GATING.map(async (j) => [j, (await newest(api, P, j))!.id] as const)));
    const patch = await runPatchDay(qs, home);
    t.diagnostic(patch.out);
    assert.equal(patch.code, 0, patch.out);
    for (const job of [...GATING]) {
      const b = await newest(api, P, job);
      assert.ok(b && b.id > before[job]!, `${job} ran for the patch`);
      assert.equal(b.status, 'succeeded', job);
    }
    const ship = await newest(api, 'component-release', 'ship');
    assert.equal(ship?.status, 'succeeded');
    assert.equal(gitShow(artifacts, 'version:release'), '0.1.1');
    assert.equal(gitShow(artifacts, 'main:shipped/latest'), '0.1.1');
    assert.match(gitShow(artifacts, 'main:shipped/0.1.1/VERSION.txt'), /component 0\.1\.1 \(upstream 1\.1\.6\)/);
    assert.match(patch.out, /shipped component 0\.1\.1 with upstream 1\.1\.6: \d+s from commit to shipped release/);
    assert.equal(await (await fetch(`${qs.envs.b}/version`)).text(), '0.1.1-rc.1\n');

    // A commit that breaks env b's settings: outside-in-b fails, promote never sees the candidate.
    const promoted = (await newest(api, P, 'promote'))!.id;
    const outA = (await newest(api, P, 'outside-in-a'))!.id;
    const outB = (await newest(api, P, 'outside-in-b'))!.id;
    writeFileSync(join(qs.dataDir, 'example/repos/component/deploy/b.conf'), 'healthy=no\nregion=local-b\n');
    execFileSync('git', ['-C', join(qs.dataDir, 'example/repos/component'), '-c', 'user.name=t', '-c', 'user.email=t@t',
      'commit', '-qam', 'env b: a bad setting']);
    assert.equal((await api.req('POST', `/api/v1/teams/main/pipelines/${P}/resources/component/check`, {})).status < 300, true);
    assert.equal((await finishedAfter(api, P, 'outside-in-a', outA)).status, 'succeeded');
    const failed = await finishedAfter(api, P, 'outside-in-b', outB);
    assert.equal(failed.status, 'failed');
    assert.match(await buildLog(api, failed.id), /FAIL - b: is healthy/);
    await new Promise((r) => setTimeout(r, 5000));
    assert.equal((await newest(api, P, 'promote'))!.id, promoted, 'promote did not run');
    assert.equal(gitShow(artifacts, 'version:release'), '0.1.1');
    const job = await api.json<{ gantry_status?: { reason?: string } }>('GET', `/api/v1/teams/main/pipelines/${P}/jobs/promote`);
    assert.match(JSON.stringify(job.body.gantry_status ?? {}), /outside-in-b|no new versions/);

    // The scale job: N=3 containers through across, each reporting its start.
    const scaleBefore = (await newest(api, P, 'scale'))?.id ?? 0;
    assert.ok((await api.req('POST', `/api/v1/teams/main/pipelines/${P}/jobs/scale/builds`)).status < 300);
    const scale = await finishedAfter(api, P, 'scale', scaleBefore);
    assert.equal(scale.status, 'succeeded');
    const log = await buildLog(api, scale.id);
    for (const i of [1, 2, 3]) assert.match(log, new RegExp(`instance ${i} started \\d+ ms after the fan-out began`));
    // scale-report.sh reads that build through `gantry watch` (patch-day logged the target in).
    const report = await runScaleReport(home, scale.name);
    assert.equal(report.code, 0, report.out);
    assert.match(report.out, /^containers +last started +batch took +per container\n1-2 +\d+ ms/);
    assert.match(report.out, /\n3 containers started in \d+ ms \(/);
  } catch (err) {
    t.diagnostic(`quickstart output:\n${qs.output().slice(-6000)}`);
    throw err;
  } finally {
    await qs.stop();
    rmSync(home, { recursive: true, force: true });
  }
});
