// Takes the screenshots in docs/screenshots/ (dashboard, pipeline graph, build
// log) from a real web node and browser, with builds stored as the engine
// stores them. Run it to refresh the pictures after a UI change.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Json } from '../src/ports/store-rows';
import type { BuildStatus } from '../src/protocol/api';
import { client, startTestWebNode, tokenFor, type Client, type TestWebNode } from './testkit/web-node';
import { launchBrowser, uiLogin, type TestBrowser } from './testkit/browser';

const SHOTS = resolve('docs/screenshots');

const RELEASE = `
resources:
- {name: component, type: git, source: {uri: /srv/component}}
- {name: upstream, type: git, source: {uri: /srv/upstream}}
- {name: every-20m, type: time, source: {interval: 20m}}
- {name: candidate, type: mock}
- {name: version, type: semver, source: {driver: git}}
- {name: env-a, type: pool, source: {pool: a}}
- {name: env-b, type: pool, source: {pool: b}}
jobs:
- name: unit
  plan:
  - in_parallel:
    - {get: component, trigger: true}
    - {get: upstream, trigger: true}
    - {get: every-20m, trigger: true}
  - task: unit
    config: {platform: linux, rootfs_uri: "raw:///", run: {path: "true"}}
- name: build-candidate
  plan:
  - {get: component, passed: [unit], trigger: true}
  - {get: version, params: {pre: rc}}
  - {put: candidate}
  - {put: version}
- name: deploy-a
  plan:
  - {get: candidate, passed: [build-candidate], trigger: true}
  - {put: env-a, params: {acquire: true}}
- name: deploy-b
  plan:
  - {get: candidate, passed: [build-candidate], trigger: true}
  - {put: env-b, params: {acquire: true}}
- name: outside-in-a
  plan:
  - {get: candidate, passed: [deploy-a], trigger: true}
  - {get: env-a, passed: [deploy-a], trigger: true}
- name: outside-in-b
  plan:
  - {get: candidate, passed: [deploy-b], trigger: true}
  - {get: env-b, passed: [deploy-b], trigger: true}
- name: promote
  plan:
  - {get: candidate, passed: [outside-in-a, outside-in-b]}
  - {put: version, params: {bump: final}}
groups:
- {name: release, jobs: [unit, build-candidate, deploy-a, deploy-b, outside-in-a, outside-in-b, promote]}
- {name: all, jobs: ["*"]}
`;

const SMALL = (jobs: string[]) => `jobs:\n${jobs.map((j) => `- name: ${j}\n  plan:\n  - task: t\n    config: {platform: linux, rootfs_uri: "raw:///", run: {path: "true"}}\n`).join('')}`;

let node: TestWebNode;
let api: Client;
let browser: TestBrowser;

async function set(team: string, name: string, yaml: string, paused = false): Promise<number> {
  const res = await api.req('PUT', `/api/v1/teams/${team}/pipelines/${name}/config`, yaml);
  assert.ok(res.status < 300, `${name}: ${await res.text()}`);
  if (!paused) await api.req('PUT', `/api/v1/teams/${team}/pipelines/${name}/unpause`);
  return (await node.store.pipelines.get({ team, name }))!.id;
}

async function build(pipelineId: number, job: string, status: BuildStatus): Promise<number> {
  const j = await node.store.jobs.get(pipelineId, job);
  const b = await node.store.builds.createForJob(j!.id, { plan: { id: 'x', task: { name: 't' } } });
  await node.store.builds.start(b.id);
  if (status !== 'started' && status !== 'pending') await node.store.builds.finish(b.id, status);
  return b.id;
}

before(async () => {
  node = await startTestWebNode({ localUsers: [{ username: 'admin', password: 'admin' }], mainTeamUsers: ['admin'] });
  api = client(node.url, await tokenFor(node.url, 'admin', 'admin'));
  await api.req('PUT', '/api/v1/teams/platform', { auth: { owner: { users: ['local:admin'], groups: [] } } });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await node?.close();
});

test('screenshots of the dashboard, a pipeline graph and a build log', async () => {
  const release = await set('main', 'component-prerelease', RELEASE);
  for (const [job, status] of [['unit', 'succeeded'], ['build-candidate', 'succeeded'], ['deploy-a', 'succeeded'], ['deploy-b', 'started'], ['outside-in-a', 'failed']] as const) {
    await build(release, job, status);
  }
  const ship = await set('main', 'component-release', SMALL(['ship']));
  await build(ship, 'ship', 'succeeded');
  const site = await set('main', 'website', SMALL(['lint', 'build', 'publish']));
  await build(site, 'lint', 'succeeded');
  await build(site, 'build', 'errored');
  const docs = await set('main', 'docs', SMALL(['render', 'upload']), true);
  await build(docs, 'render', 'aborted');
  const infra = await set('platform', 'infra', SMALL(['plan', 'apply']));
  await build(infra, 'plan', 'succeeded');
  await build(infra, 'apply', 'started');
  await set('platform', 'monitoring', SMALL(['deploy']));
  const repoRes = await node.store.resources.get(release, 'component');
  await node.store.resources.pin(repoRes!.id, { ref: '4f2a9c1' }, { comment: 'hold until the fix lands' });

  const page = await browser.newPage({ width: 1280, height: 720 });
  await uiLogin(page, node.url, 'admin', 'admin');
  await page.waitForSelector('[data-testid=pipeline-card][data-pipeline=monitoring]');
  await page.screenshot({ path: `${SHOTS}/dashboard.png` });

  await page.goto(`${node.url}/teams/main/pipelines/component-prerelease`);
  await page.waitForSelector('[data-testid=job-box][data-name=promote]');
  assert.equal(await page.getAttribute('[data-testid=resource-box][data-name=component]', 'data-pinned'), 'true');
  await page.screenshot({ path: `${SHOTS}/pipeline.png` });

  const id = await storedBuild(release);
  await page.goto(`${node.url}/builds/${id}`);
  await page.waitForSelector('[data-testid=log-view][data-ended=true]');
  await page.screenshot({ path: `${SHOTS}/build.png` });
  await page.close();
  for (const name of ['dashboard', 'pipeline', 'build']) assert.ok(statSync(`${SHOTS}/${name}.png`).size > 10_000, `${name}.png written`);
});

async function storedBuild(pipelineId: number): Promise<number> {
  const j = await node.store.jobs.get(pipelineId, 'outside-in-b');
  const plan = { id: 'r', do: [
    { id: 'par', in_parallel: { steps: [{ id: 'g1', get: { name: 'candidate', resource: 'candidate' } }, { id: 'g2', get: { name: 'env-b', resource: 'env-b' } }] } },
    { id: 't1', task: { name: 'outside-in' } },
  ] };
  const b = await node.store.builds.createForJob(j!.id, { plan: plan as unknown as Json, createdBy: 'admin' });
  await node.store.builds.start(b.id);
  const t0 = Math.floor(Date.now() / 1000) - 64;
  const ev = (type: string, payload: object) => ({ type, payload: payload as Json });
  const log = (time: number, payload: string) => ev('log', { origin: { id: 't1', source: 'stdout' }, time, payload });
  const lines = Array.from({ length: 40 }, (_, i) => `\x1b[32m✓\x1b[0m GET /api/item/${i} answers 200 \x1b[90m(${3 + (i % 7)} ms)\x1b[0m\n`).join('');
  await node.store.events.append(b.id, [
    ev('status', { status: 'started', time: t0 }),
    ev('start-get', { origin: { id: 'g1' }, time: t0 }),
    ev('finish-get', { origin: { id: 'g1' }, time: t0 + 2, exit_status: 0, version: { version: '1.4.0-rc.3' } }),
    ev('start-get', { origin: { id: 'g2' }, time: t0 }),
    ev('finish-get', { origin: { id: 'g2' }, time: t0 + 1, exit_status: 0, version: { ref: 'b81e0d2' } }),
    ev('selected-worker', { origin: { id: 't1' }, time: t0 + 2, selected_worker: 'worker-1' }),
    ev('start-task', { origin: { id: 't1' }, time: t0 + 3 }),
    log(t0 + 3, '\x1b[1moutside-in tests against http://env-b.local:8080\x1b[0m\n'),
    log(t0 + 4, lines),
    log(t0 + 64, '\x1b[1;32m40 passed\x1b[0m in 61s\n'),
    ev('finish-task', { origin: { id: 't1' }, time: t0 + 64, exit_status: 0 }),
    ev('status', { status: 'succeeded', time: t0 + 64 }),
  ]);
  await node.store.builds.finish(b.id, 'succeeded');
  return b.id;
}
