// The web UI in a real browser (Debian chromium via playwright-core) against a
// real web node on PGlite: log in, the dashboard, the pipeline graph, pausing
// from the UI, public pipelines without login, job and build pages. Builds are
// made through the store (the same rows the engine writes) so their statuses
// show without running containers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { client, startTestWebNode, tokenFor, type Client, type TestWebNode } from './testkit/web-node';
import { launchBrowser, uiLogin, type TestBrowser } from './testkit/browser';
import type { Json } from '../src/ports/store-rows';
import type { BuildStatus, Job, Pipeline } from '../src/protocol/api';

const DEMO = `
resources:
- name: repo
  type: mock
- name: image
  type: mock
jobs:
- name: unit
  plan:
  - get: repo
    trigger: true
  - task: test
    config: {platform: linux, rootfs_uri: "raw:///", run: {path: "true"}}
- name: build
  plan:
  - get: repo
    passed: [unit]
    trigger: true
  - put: image
- name: deploy
  plan:
  - get: image
    passed: [build]
  - get: repo
    passed: [build]
`;

const ONE_JOB = (name: string) => `
jobs:
- name: ${name}
  plan:
  - task: t
    config: {platform: linux, rootfs_uri: "raw:///", run: {path: "true"}}
`;

let node: TestWebNode;
let api: Client;
let browser: TestBrowser;

async function setPipeline(team: string, name: string, yaml: string): Promise<Pipeline> {
  const res = await api.req('PUT', `/api/v1/teams/${team}/pipelines/${name}/config`, yaml);
  assert.ok(res.status === 200 || res.status === 201, `set ${name}: ${res.status} ${await res.text()}`);
  await api.req('PUT', `/api/v1/teams/${team}/pipelines/${name}/unpause`);
  return (await api.json<Pipeline>('GET', `/api/v1/teams/${team}/pipelines/${name}`)).body;
}

/** A finished (or started) build of a job, written as the engine writes it. */
async function makeBuild(team: string, pipeline: string, job: string, status: BuildStatus): Promise<number> {
  const p = await node.store.pipelines.get({ team, name: pipeline });
  const j = await node.store.jobs.get(p!.id, job);
  const b = await node.store.builds.createForJob(j!.id, { plan: { id: 'p1', task: { name: 'test' } }, createdBy: 'admin' });
  if (status === 'pending') return b.id;
  await node.store.builds.start(b.id);
  if (status !== 'started') await node.store.builds.finish(b.id, status);
  return b.id;
}

/**
 * Saves a build's inputs as the scheduler does, but with each version in a scope of its own,
 * not the resource's history: a new version of `repo` would make the scheduler trigger `unit`.
 */
async function saveInputs(buildId: number, pipeline: string, versions: Record<string, Record<string, string>>): Promise<void> {
  const p = (await node.store.pipelines.get({ team: 'main', name: pipeline }))!;
  const inputs = [];
  for (const [name, version] of Object.entries(versions)) {
    const r = (await node.store.resources.get(p.id, name))!;
    const scope = await node.store.versions.findOrCreateScope({ type: 'mock', source: { pipeline, name, only: 'inputs' } });
    await node.store.versions.saveVersions(scope.id, [{ version }]);
    inputs.push({ name, resourceId: r.id, versionId: (await node.store.versions.findVersion(scope.id, version))!.id });
  }
  await node.store.builds.saveInputs(buildId, inputs);
}

async function jobPaused(team: string, pipeline: string, job: string): Promise<boolean> {
  return (await api.json<Job>('GET', `/api/v1/teams/${team}/pipelines/${pipeline}/jobs/${job}`)).body.paused === true;
}

before(async () => {
  node = await startTestWebNode({ localUsers: [{ username: 'admin', password: 'admin' }], mainTeamUsers: ['admin'] });
  api = client(node.url, await tokenFor(node.url, 'admin', 'admin'));
  assert.equal((await api.req('PUT', '/api/v1/teams/platform', { auth: { owner: { users: ['local:admin'], groups: [] } } })).status < 300, true);
  await setPipeline('main', 'demo', DEMO);
  await setPipeline('main', 'website', ONE_JOB('publish'));
  await setPipeline('platform', 'infra', ONE_JOB('apply'));
  await makeBuild('main', 'demo', 'unit', 'succeeded');
  await saveInputs(await makeBuild('main', 'demo', 'build', 'failed'), 'demo', { repo: { ref: '4f2a9c1e0b7d5a3c' } });
  await makeBuild('main', 'website', 'publish', 'started');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await node?.close();
});

async function loggedIn(): Promise<Page> {
  const page = await browser.newPage();
  await uiLogin(page, node.url, 'admin', 'admin');
  return page;
}

describe('web UI', () => {
  test('the web node serves the UI at / and any page path, and API routes still answer JSON', async () => {
    for (const path of ['/', '/teams/main/pipelines/demo', '/builds/1']) {
      const res = await fetch(`${node.url}${path}`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /<div id="root">/);
    }
    const info = await fetch(`${node.url}/api/v1/info`);
    assert.equal(info.headers.get('content-type'), 'application/json');
    assert.equal((await fetch(`${node.url}/api/v1/nope`)).status, 404);
    assert.equal((await fetch(`${node.url}/assets/../../package.json`)).status, 200, 'normalised by the URL parser to /package.json: the UI page, not the file');
    assert.doesNotMatch(await (await fetch(`${node.url}/assets/%2e%2e/%2e%2e/package.json`)).text(), /"name": "gantry"/);
  });

  test('a polled list answers 304 to a conditional request when nothing changed', async () => {
    const first = await api.req('GET', '/api/v1/pipelines');
    const tag = first.headers.get('etag');
    assert.ok(tag);
    assert.equal((await api.req('GET', '/api/v1/pipelines', undefined, { 'If-None-Match': tag })).status, 304);
  });

  test('log in, and the dashboard shows every pipeline by team with its jobs’ statuses', async () => {
    const page = await loggedIn();
    await page.waitForSelector('[data-testid=pipeline-card][data-pipeline=infra]');
    const cards = await page.$$eval('[data-testid=pipeline-card]', (els) => els.map((e) => `${e.getAttribute('data-team')}/${e.getAttribute('data-pipeline')}`));
    assert.deepEqual(cards.sort(), ['main/demo', 'main/website', 'platform/infra']);
    const teams = await page.$$eval('[data-testid=team-header]', (els) => els.map((e) => e.textContent?.split(' ')[0]));
    assert.deepEqual(teams, ['main', 'platform']);
    const demoJobs = await page.$$eval('[data-pipeline=demo] .card-job', (els) => els.map((e) => `${e.getAttribute('data-job')}:${e.getAttribute('data-status')}`));
    assert.deepEqual(demoJobs, ['unit:succeeded', 'build:failed', 'deploy:pending']);
    assert.equal(await page.getAttribute('[data-pipeline=website]', 'data-status'), 'running');
    await page.fill('[data-testid=dashboard-filter]', 'status:failed');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=pipeline-card]').length === 1);
    assert.equal(await page.getAttribute('[data-testid=pipeline-card]', 'data-pipeline'), 'demo');
    await page.close();
  });

  test('the pipeline graph has a box per job and resource box, trigger lines solid and the rest dashed', async () => {
    const page = await loggedIn();
    await page.goto(`${node.url}/teams/main/pipelines/demo`);
    await page.waitForSelector('[data-testid=job-box]');
    const jobs = await page.$$eval('[data-testid=job-box]', (els) => els.map((e) => `${e.getAttribute('data-name')}:${e.getAttribute('data-status')}`));
    assert.deepEqual(jobs.sort(), ['build:failed', 'deploy:pending', 'unit:succeeded']);
    const resources = await page.$$eval('[data-testid=resource-box]', (els) => els.map((e) => e.getAttribute('data-name')));
    assert.deepEqual(resources.sort(), ['image', 'repo', 'repo', 'repo'], 'repo as input of unit, and passed on after unit and after build');
    const edges = await page.$$eval('[data-testid=graph-edge]', (els) => els.map((e) => ({ trigger: e.getAttribute('data-trigger'), dash: e.getAttribute('stroke-dasharray'), to: e.getAttribute('data-to') })));
    assert.equal(edges.length, 7);
    assert.equal(edges.filter((e) => e.trigger === 'true' && e.dash === null).length, 4);
    assert.equal(edges.filter((e) => e.trigger === 'false' && e.dash !== null).length, 3);
    assert.ok(edges.filter((e) => e.to === 'job:deploy').every((e) => e.trigger === 'false'), 'deploy has no trigger inputs');
    await page.click('[data-testid=job-box][data-name=unit]');
    await page.waitForSelector('[data-testid=build-history] tr[data-build="1"][data-status=succeeded]');
    await page.close();
  });

  test('pausing and unpausing the pipeline and a job in the UI changes them in the API', async () => {
    const page = await loggedIn();
    await page.goto(`${node.url}/teams/main/pipelines/website`);
    await page.waitForSelector('[data-testid=pipeline-state]:text("active")');
    await page.click('[data-testid=pipeline-pause]');
    await page.waitForSelector('[data-testid=pipeline-state]:text("paused")');
    assert.equal((await api.json<Pipeline>('GET', '/api/v1/teams/main/pipelines/website')).body.paused, true);
    await page.click('[data-testid=pipeline-pause]');
    await page.waitForSelector('[data-testid=pipeline-state]:text("active")');
    assert.equal((await api.json<Pipeline>('GET', '/api/v1/teams/main/pipelines/website')).body.paused, false);

    await page.goto(`${node.url}/teams/main/pipelines/website/jobs/publish`);
    // Exact texts: `:text("pause job")` would also match "unpause job".
    await page.click('[data-testid=job-pause]:text-is("❚❚ pause job")');
    await page.waitForSelector('[data-testid=job-pause]:text-is("▶ unpause job")');
    assert.equal(await jobPaused('main', 'website', 'publish'), true);
    await page.click('[data-testid=job-pause]');
    await page.waitForSelector('[data-testid=job-pause]:text-is("❚❚ pause job")');
    assert.equal(await jobPaused('main', 'website', 'publish'), false);
    await page.close();
  });

  test('a public pipeline is viewable without logging in; a private one is not listed', async () => {
    assert.equal((await api.req('PUT', '/api/v1/teams/main/pipelines/demo/expose')).status, 200);
    const page = await browser.newPage();
    await page.goto(`${node.url}/`);
    await page.waitForSelector('[data-testid=pipeline-card][data-pipeline=demo]');
    assert.ok(await page.$('[data-testid=login-link]'), 'not logged in');
    const names = await page.$$eval('[data-testid=pipeline-card]', (els) => els.map((e) => e.getAttribute('data-pipeline')));
    assert.deepEqual(names, ['demo']);
    await page.click('[data-pipeline=demo] a');
    await page.waitForSelector('[data-testid=job-box]');
    assert.equal(await page.$$eval('[data-testid=job-box]', (els) => els.length), 3);
    await page.close();
    assert.equal((await api.req('PUT', '/api/v1/teams/main/pipelines/demo/hide')).status, 200);
  });

  test('the build page shows the build’s job, number, status and inputs, reached from the job’s history', async () => {
    const page = await loggedIn();
    await page.goto(`${node.url}/teams/main/pipelines/demo/jobs/build`);
    // The history shows each build's inputs, name and short version (from /builds/:id/resources).
    await page.waitForSelector('[data-testid=build-history] tr[data-build="1"] .build-row-input:text("repo 4f2a9c1")');
    await page.click('[data-testid=build-history] a:text("#1")');
    await page.waitForSelector('[data-testid=build-header][data-status=failed]');
    assert.match((await page.textContent('[data-testid=build-header] h2')) ?? '', /build #1/);
    assert.equal(await page.textContent('[data-testid=build-inputs]'), 'repo ref: 4f2a9c1e0b7d5a3c', 'the build page shows its inputs with full versions');
    assert.ok(await page.$('[data-testid=build-rerun]'), 'a finished job build can be rerun');
    assert.equal(await page.$('[data-testid=build-abort]'), null, 'a finished build cannot be aborted');
    await page.close();
  });
});

/** A failed build with a plan, versions, coloured log lines and an error, stored as the engine stores them. */
async function storedBuildWithLog(): Promise<number> {
  const plan = { id: 'root', do: [
    { id: 'par', in_parallel: { steps: [{ id: 'g1', get: { name: 'repo', resource: 'repo' } }, { id: 'g2', get: { name: 'image', resource: 'image' } }] } },
    { id: 't1', task: { name: 'test' } },
  ] };
  const p = await node.store.pipelines.get({ team: 'main', name: 'demo' });
  const j = await node.store.jobs.get(p!.id, 'deploy');
  const b = await node.store.builds.createForJob(j!.id, { plan: plan as unknown as Json, createdBy: 'admin' });
  await node.store.builds.start(b.id);
  const t0 = 1_790_000_000;
  const ev = (type: string, payload: object) => ({ type, payload: payload as Json });
  const log = (id: string, time: number, payload: string) => ev('log', { origin: { id, source: 'stdout' }, time, payload });
  await node.store.events.append(b.id, [
    ev('status', { status: 'started', time: t0 }),
    ev('initialize-get', { origin: { id: 'g1' }, time: t0 }), ev('start-get', { origin: { id: 'g1' }, time: t0 + 1 }),
    log('g1', t0 + 1, 'Cloning into /tmp/build/get...\n'),
    ev('finish-get', { origin: { id: 'g1' }, time: t0 + 3, exit_status: 0, version: { ref: '4f2a9c1' } }),
    ev('initialize-get', { origin: { id: 'g2' }, time: t0 }), ev('start-get', { origin: { id: 'g2' }, time: t0 + 1 }),
    ev('finish-get', { origin: { id: 'g2' }, time: t0 + 2, exit_status: 0, version: { digest: 'sha256:9e1b' } }),
    ev('initialize-task', { origin: { id: 't1' }, time: t0 + 3 }), ev('start-task', { origin: { id: 't1' }, time: t0 + 4 }),
    log('t1', t0 + 4, '\x1b[1mrunning 3 test suites\x1b[0m\n'),
    log('t1', t0 + 5, '\x1b[32m✓\x1b[0m config parses every example\n\x1b[32m✓\x1b[0m layout keeps boxes apart\n'),
    log('t1', t0 + 9, '\x1b[31m✗ deploy reaches the environment\x1b[0m\n  expected 200, got 503\n'),
    log('t1', t0 + 9, '\x1b[33m1 failed\x1b[0m, 2 passed\n'),
    ev('finish-task', { origin: { id: 't1' }, time: t0 + 10, exit_status: 1 }),
    ev('status', { status: 'failed', time: t0 + 10 }),
  ]);
  await node.store.builds.finish(b.id, 'failed');
  return b.id;
}

describe('build page', () => {
  test('the step tree comes from the plan, logs keep their ANSI colours, search finds a line, steps collapse', async () => {
    const id = await storedBuildWithLog();
    {
      const page = await loggedIn();
      await page.goto(`${node.url}/builds/${id}`);
      await page.waitForSelector('[data-testid=log-view][data-ended=true]');
      const steps = await page.$$eval('[data-testid=step-header]', (els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-step')}:${e.getAttribute('data-status')}`));
      assert.deepEqual(steps, ['in_parallel:in_parallel:pending', 'get:repo:succeeded', 'get:image:succeeded', 'task:test:failed']);
      assert.match((await page.textContent('[data-testid=build-inputs]')) ?? '', /repo ref: 4f2a9c1.*image digest: sha256:9e1b/);
      const red = await page.$eval('[data-testid=log-line] span:text("✗ deploy reaches the environment")', (e) => getComputedStyle(e).color);
      assert.equal(red, 'rgb(231, 76, 60)');
      await page.fill('[data-testid=log-search]', 'EXPECTED 200');
      await page.waitForSelector('[data-testid=log-search-count]:text("0 / 1")');
      await page.press('[data-testid=log-search]', 'Enter');
      await page.waitForSelector('[data-testid=log-search-count]:text("1 / 1")');
      assert.match((await page.textContent('.log-line.hit')) ?? '', /expected 200, got 503/);
      const before = await page.$$eval('[data-testid=log-line]', (els) => els.length);
      await page.click('[data-testid=step-header][data-step=test]');
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=log-line]').length < n, before);
      await page.click('[data-testid=toggle-timestamps]');
      await page.waitForSelector('.log-time');
      await page.close();
    }
  });
});

describe('live log scrolling', () => {
  test('a running build’s log follows new lines until the user scrolls up, then stays put', async () => {
    const p = await node.store.pipelines.get({ team: 'main', name: 'website' });
    const j = await node.store.jobs.get(p!.id, 'publish');
    // Paused while the build is made: otherwise a scheduling pass woken by the new pending build
    // can start it first, with the job's own plan in place of this one (whose step 't' the log
    // lines below belong to).
    await node.store.jobs.setPaused(j!.id, true, 'admin');
    const b = await node.store.builds.createForJob(j!.id, { plan: { id: 't', task: { name: 't' } } as unknown as Json });
    await node.store.builds.start(b.id);
    await node.store.jobs.setPaused(j!.id, false, null);
    const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => `line ${from + i}\n`).join('');
    const log = (payload: string) => ({ type: 'log', payload: { origin: { id: 't' }, time: Math.floor(Date.now() / 1000), payload } as Json });
    await node.store.events.append(b.id, [log(lines(0, 200))]);
    const page = await loggedIn();
    await page.goto(`${node.url}/builds/${b.id}`);
    // Generous deadlines: on a machine at load 80 a first page load has taken over 30 s.
    await page.waitForSelector('[data-testid=log-line]:has-text("line 199")', { timeout: 90_000 });
    await node.store.events.append(b.id, [log(lines(200, 100))]);
    await page.waitForSelector('[data-testid=log-line]:has-text("line 299")', { timeout: 60_000 });
    const atBottom = () => page.$eval('[data-testid=log-scroll]', (el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 20);
    assert.equal(await atBottom(), true, 'follows the new lines');
    await page.$eval('[data-testid=log-scroll]', (el) => { el.scrollTop = 0; });
    await page.waitForSelector('[data-testid=follow-log]');
    await node.store.events.append(b.id, [log(lines(300, 100))]);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=log-view]')?.getAttribute('data-lines')) >= 401);
    assert.equal(await page.$eval('[data-testid=log-scroll]', (el) => el.scrollTop), 0, 'stays where the user scrolled');
    await page.click('[data-testid=follow-log]');
    assert.equal(await atBottom(), true);
    await node.store.builds.finish(b.id, 'succeeded');
    await page.close();
  });
});

describe('dashboard live updates', () => {
  test('a new pipeline and a job’s status changes appear on the open dashboard without a reload', async () => {
    const page = await loggedIn();
    await page.waitForSelector('[data-testid=pipeline-card][data-pipeline=demo]');
    await page.evaluate(() => { (window as unknown as { sameDocument: boolean }).sameDocument = true; });
    await setPipeline('main', 'live', ONE_JOB('ship'));
    await page.waitForSelector('[data-pipeline=live] .card-job[data-job=ship][data-status=pending]', { timeout: 30_000 });
    const id = await makeBuild('main', 'live', 'ship', 'started');
    await node.store.notifier.notify('build_started', String(id)); // as the scheduler does once it started a build
    await page.waitForSelector('[data-pipeline=live] .card-job[data-job=ship][data-status=running]', { timeout: 30_000 });
    await node.store.builds.finish(id, 'failed');
    await page.waitForSelector('[data-pipeline=live][data-status=failed]', { timeout: 30_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), true, 'the page was not reloaded');
    await page.close();
  });
});
