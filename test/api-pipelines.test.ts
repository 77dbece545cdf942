// Pipelines through the HTTP API on PGlite: saving with the config version
// check, refusing invalid configs with every error, the pipeline verbs,
// instance vars, jobs/resources/versions, build pagination, and a restart.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestWebNode, tokenFor, client, type TestWebNode, type Client } from './testkit/web-node';
import type { Build, ConfigResponse, Job, Pipeline, Resource, ResourceVersion, SaveConfigResponse } from '../src/protocol';

const V1 = `
resources:
- name: repo
  type: mock
  source: {initial_version: a}
jobs:
- name: unit
  plan:
  - get: repo
    trigger: true
  - task: test
    config:
      platform: linux
      rootfs_uri: raw:///rootfs
      run: {path: "true"}
- name: ship
  plan:
  - get: repo
    passed: [unit]
  - put: repo
`;

/** Two mistakes on known lines: a get of an undefined resource (line 7) and a passed job that does not exist (line 9). */
const INVALID = `resources:
- name: repo
  type: mock
jobs:
- name: unit
  plan:
  - get: nope
  - get: repo
    passed: [ghost]
`;

describe('pipelines over HTTP', () => {
  let node: TestWebNode;
  let admin: Client;
  const P = '/api/v1/teams/main/pipelines';

  before(async () => {
    node = await startTestWebNode({ localUsers: [{ username: 'admin', password: 'pw' }], mainTeamUsers: ['admin'] });
    admin = client(node.url, await tokenFor(node.url, 'admin', 'pw'));
    assert.equal((await admin.req('PUT', `${P}/app/config`, V1)).status, 201);
  });
  after(() => node.close());

  test('a saved config reads back with its version; jobs and resources are listed', async () => {
    const res = await admin.req('GET', `${P}/app/config`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('X-Concourse-Config-Version'), '1');
    const body = (await res.json()) as ConfigResponse;
    assert.deepEqual((body.config as { jobs: { name: string }[] }).jobs.map((j) => j.name), ['unit', 'ship']);
    const jobs = await admin.json<Job[]>('GET', `${P}/app/jobs`);
    assert.deepEqual(jobs.body.map((j) => j.name), ['unit', 'ship']);
    assert.deepEqual(jobs.body[1]!.inputs, [{ name: 'repo', resource: 'repo', trigger: false, passed: ['unit'] }]);
    assert.deepEqual(jobs.body[1]!.outputs, [{ name: 'repo', resource: 'repo' }]);
    const job = await admin.json<Job>('GET', `${P}/app/jobs/unit`);
    assert.equal(job.body.pipeline_name, 'app');
    assert.equal(job.body.finished_build, null);
    const resources = await admin.json<Resource[]>('GET', `${P}/app/resources`);
    assert.deepEqual(resources.body.map((r) => [r.name, r.type, r.team_name]), [['repo', 'mock', 'main']]);
  });

  test('an invalid config is refused with every error as file:line text, and the old config keeps serving', async () => {
    const res = await admin.req('PUT', `${P}/app/config`, INVALID, { 'X-Gantry-Config-File': 'app.yml' });
    assert.equal(res.status, 400);
    const body = (await res.json()) as SaveConfigResponse;
    assert.ok((body.errors ?? []).length >= 2, `two errors expected, got ${JSON.stringify(body.errors)}`);
    assert.match(body.errors![0]!, /^app\.yml:7:\d+: error: .*nope/);
    assert.match(body.errors![1]!, /^app\.yml:9:\d+: error: .*ghost/);
    const after = await admin.req('GET', `${P}/app/config`);
    assert.equal(after.headers.get('X-Concourse-Config-Version'), '1');
    const jobs = await admin.json<Job[]>('GET', `${P}/app/jobs`);
    assert.deepEqual(jobs.body.map((j) => j.name), ['unit', 'ship']);
    const yamlError = await admin.json<SaveConfigResponse>('PUT', `${P}/app/config`, 'jobs: [\n');
    assert.equal(yamlError.status, 400);
    assert.match(yamlError.body.errors![0]!, /^app\.yml:\d+:\d+: error: /);
  });

  test('a save naming a stale config version is refused with 409 and changes nothing', async () => {
    const current = (await admin.req('GET', `${P}/app/config`)).headers.get('X-Concourse-Config-Version')!;
    const json = { resources: [{ name: 'repo', type: 'mock' }], jobs: [{ name: 'unit', plan: [{ get: 'repo' }] }] };
    const ok = await admin.req('PUT', `${P}/app/config`, JSON.stringify(json), {
      'Content-Type': 'application/json',
      'X-Concourse-Config-Version': current,
    });
    assert.equal(ok.status, 200);
    const stale = await admin.req('PUT', `${P}/app/config`, V1, { 'X-Concourse-Config-Version': current });
    assert.equal(stale.status, 409);
    const jobs = await admin.json<Job[]>('GET', `${P}/app/jobs`);
    assert.deepEqual(jobs.body.map((j) => j.name), ['unit']);
    assert.equal((await admin.req('PUT', `${P}/app/config`, V1)).status, 200, 'without a version there is no check');
  });

  test('pause, unpause, expose, hide, rename, ordering, archive and destroy', async () => {
    for (const name of ['b', 'c']) assert.equal((await admin.req('PUT', `${P}/${name}/config`, V1)).status, 201);
    const get = async (name: string) => (await admin.json<Pipeline>('GET', `${P}/${name}`)).body;
    assert.equal((await get('b')).paused, true, 'a new pipeline starts paused');
    await admin.req('PUT', `${P}/b/unpause`);
    assert.equal((await get('b')).paused, false);
    await admin.req('PUT', `${P}/b/expose`);
    assert.equal((await get('b')).public, true);
    await admin.req('PUT', `${P}/b/hide`);
    assert.equal((await get('b')).public, false);
    assert.equal((await admin.json('PUT', `${P}/b/rename`, { name: 'b2' })).status, 200);
    assert.equal((await admin.json('GET', `${P}/b`)).status, 404);
    assert.equal((await admin.req('PUT', `${P}/ordering`, JSON.stringify(['c', 'b2', 'app']), { 'Content-Type': 'application/json' })).status, 200);
    const bad = await admin.req('PUT', `${P}/ordering`, JSON.stringify(['c', 'nope']), { 'Content-Type': 'application/json' });
    assert.equal(bad.status, 400);
    assert.deepEqual(((await bad.json()) as { errors: string[] }).errors, ["pipeline 'nope' not found in team 'main'"]);
    const order = await admin.json<Pipeline[]>('GET', P);
    assert.deepEqual(order.body.map((p) => p.name), ['c', 'b2', 'app']);
    await admin.req('PUT', `${P}/c/archive`);
    const archived = await get('c');
    assert.equal(archived.archived, true);
    assert.equal(archived.paused, true);
    const unpause = await admin.json<{ errors: string[] }>('PUT', `${P}/c/unpause`);
    assert.equal(unpause.status, 409);
    assert.deepEqual(unpause.body.errors, ['action not allowed for an archived pipeline']);
    assert.equal((await admin.req('DELETE', `${P}/c`)).status, 204);
    assert.equal((await admin.req('DELETE', `${P}/b2`)).status, 204);
    assert.deepEqual((await admin.json<Pipeline[]>('GET', P)).body.map((p) => p.name), ['app']);
  });

  test('instance vars in the query name a separate instance of a pipeline', async () => {
    const q = `?vars.branch=${encodeURIComponent('"feature"')}`;
    assert.equal((await admin.req('PUT', `${P}/app/config${q}`, V1)).status, 201);
    const inst = await admin.json<Pipeline>('GET', `${P}/app${q}`);
    assert.deepEqual(inst.body.instance_vars, { branch: 'feature' });
    const plain = await admin.json<Pipeline>('GET', `${P}/app`);
    assert.equal(plain.body.instance_vars, undefined);
    assert.notEqual(plain.body.id, inst.body.id);
    assert.equal((await admin.req('DELETE', `${P}/app${q}`)).status, 204);
  });

  test('resource versions are listed newest first', async () => {
    const pipeline = (await admin.json<Pipeline>('GET', `${P}/app`)).body;
    const resource = (await node.store.resources.get(pipeline.id, 'repo'))!;
    const scope = await node.store.versions.findOrCreateScope({ type: 'mock', source: {} });
    await node.store.resources.setScope(resource.id, scope.id);
    await node.store.versions.saveVersions(scope.id, [{ version: { v: '1' } }, { version: { v: '2' }, metadata: [{ name: 'm', value: 'x' }] }]);
    const versions = await admin.json<ResourceVersion[]>('GET', `${P}/app/resources/repo/versions`);
    assert.deepEqual(versions.body.map((v) => v.version), [{ v: '2' }, { v: '1' }]);
    assert.deepEqual(versions.body[0]!.metadata, [{ name: 'm', value: 'x' }]);
    assert.equal(versions.body[0]!.enabled, true);
    const one = await admin.json<ResourceVersion>('GET', `${P}/app/resources/repo/versions/${versions.body[1]!.id}`);
    assert.deepEqual(one.body.version, { v: '1' });
  });

  test('builds page newest first with a Link header, as Concourse does', async () => {
    const pipeline = (await admin.json<Pipeline>('GET', `${P}/app`)).body;
    const job = (await node.store.jobs.get(pipeline.id, 'unit'))!;
    for (let i = 0; i < 5; i++) await node.store.builds.createForJob(job.id);
    const first = await admin.req('GET', '/api/v1/builds?limit=2');
    const page1 = (await first.json()) as Build[];
    assert.deepEqual(page1.map((b) => b.name), ['5', '4']);
    assert.equal(page1[0]!.job_name, 'unit');
    assert.equal(page1[0]!.api_url, `/api/v1/builds/${page1[0]!.id}`);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('Link') ?? '')?.[1];
    assert.ok(next, `a next link: ${first.headers.get('Link')}`);
    const page2 = await admin.req('GET', next!.replace(node.url, ''));
    assert.deepEqual(((await page2.json()) as Build[]).map((b) => b.name), ['3', '2']);
    assert.match(page2.headers.get('Link') ?? '', /rel="previous"/);
    const jobBuilds = await admin.json<Build[]>('GET', `${P}/app/jobs/unit/builds?limit=10`);
    assert.equal(jobBuilds.body.length, 5);
    const one = await admin.json<Build>('GET', `/api/v1/builds/${page1[0]!.id}`);
    assert.equal(one.body.status, 'pending');
    const byName = await admin.json<Build>('GET', `${P}/app/jobs/unit/builds/3`);
    assert.equal(byName.body.name, '3');
  });

  test('malformed requests get a JSON error naming the problem', async () => {
    const version = await admin.req('PUT', `${P}/app/config`, V1, { 'X-Concourse-Config-Version': 'abc' });
    assert.equal(version.status, 400);
    assert.deepEqual(((await version.json()) as { errors: string[] }).errors, ["config version is malformed: 'abc' is not a number"]);
    const type = await admin.req('PUT', `${P}/app/config`, V1, { 'Content-Type': 'text/plain' });
    assert.equal(type.status, 415);
    const route = await admin.json<{ errors: string[] }>('GET', '/api/v1/nowhere');
    assert.equal(route.status, 404);
    assert.deepEqual(route.body.errors, ['route GET /api/v1/nowhere not found']);
    const role = await admin.json<{ errors: string[] }>('PUT', '/api/v1/teams/t', { auth: { boss: { users: ['local:a'] } } });
    assert.equal(role.status, 400);
    assert.match(role.body.errors[0]!, /unknown role 'boss'/);
    const badVars = await admin.json('GET', `${P}/app?vars.x=notjson`);
    assert.equal(badVars.status, 400);
  });

  test('trigger makes a pending build; a check with no checker on any node says so', async () => {
    const trigger = await admin.json<{ name: string; status: string }>('POST', `${P}/app/jobs/unit/builds`);
    assert.equal(trigger.status, 200);
    assert.equal(trigger.body.status, 'pending');
    assert.match(trigger.body.name, /^\d+$/);
    const check = await admin.json<{ errors: string[] }>('POST', `${P}/app/resources/repo/check`, {});
    assert.equal(check.status, 503);
    assert.match(check.body.errors[0]!, /no web node is checking resources/);
  });
});

test('a restart keeps teams, users and pipelines', async () => {
  const first = await startTestWebNode({ pglite: true, localUsers: [{ username: 'admin', password: 'pw' }], mainTeamUsers: ['admin'], signingKey: undefined });
  const token = await tokenFor(first.url, 'admin', 'pw');
  const c = client(first.url, token);
  assert.equal((await c.req('PUT', '/api/v1/teams/main/pipelines/kept/config', V1)).status, 201);
  await first.close({ keepData: true });
  const second = await startTestWebNode({ dataDir: first.dataDir, signingKey: undefined });
  try {
    const again = client(second.url, token);
    const list = await again.json<Pipeline[]>('GET', '/api/v1/pipelines');
    assert.equal(list.status, 200, 'the token signed before the restart still works: the key is kept');
    assert.deepEqual(list.body.map((p) => p.name), ['kept']);
    assert.ok(await tokenFor(second.url, 'admin', 'pw'));
  } finally {
    await second.close();
    const { rmSync } = await import('node:fs');
    rmSync(first.dataDir!, { recursive: true, force: true });
  }
});
