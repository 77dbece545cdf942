// The web node's worker API without worker processes: who sees which workers, malformed
// registrations, retiring, and the lifecycle waiting for running builds before landing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemoteWorkers, WorkerLifecycle } from '../src/components/workers';
import type { Store } from '../src/ports/store';
import { openStore } from '../src/store';
import { client, startTestWebNode, tokenFor, type TestWebNode } from './testkit/web-node';

const KEY = 'api-test-worker-key';

function register(url: string, body: Record<string, unknown>, opts: { key?: string; ttl?: string; path?: string; method?: string } = {}): Promise<Response> {
  return fetch(`${url}${opts.path ?? '/api/v1/workers'}${opts.ttl ? `?ttl=${opts.ttl}` : ''}`, {
    method: opts.method ?? 'POST',
    headers: { 'content-type': 'application/json', 'x-gantry-worker-key': opts.key ?? KEY },
    body: JSON.stringify({ platform: 'linux', ...body }),
  });
}

describe('worker API', { timeout: 120_000 }, () => {
  let web: TestWebNode;
  let admin: ReturnType<typeof client>;
  let bob: ReturnType<typeof client>;

  before(async () => {
    web = await startTestWebNode({
      workerKey: KEY,
      localUsers: [{ username: 'admin', password: 'a' }, { username: 'bob', password: 'b' }],
      mainTeamUsers: ['admin'],
    });
    admin = client(web.url, await tokenFor(web.url, 'admin', 'a'));
    assert.equal((await admin.req('PUT', '/api/v1/teams/other', { auth: { member: { users: ['local:bob'] } } })).status < 300, true);
    bob = client(web.url, await tokenFor(web.url, 'bob', 'b'));
    for (const [name, team] of [['shared', ''], ['other-w', 'other'], ['main-w', 'main']] as const) {
      const res = await register(web.url, { name, addr: `http://127.0.0.1:9/${name}`, team });
      assert.equal(res.status, 200, await res.text());
    }
  });

  after(async () => web?.close());

  test('admins see every worker; a team member sees shared workers and their team\'s; nobody logged in gets 401', async () => {
    const names = async (c: ReturnType<typeof client>) => (await c.json<{ name: string }[]>('GET', '/api/v1/workers')).body.map((w) => w.name).sort();
    assert.deepEqual(await names(admin), ['main-w', 'other-w', 'shared']);
    assert.deepEqual(await names(bob), ['other-w', 'shared']);
    assert.equal((await fetch(`${web.url}/api/v1/workers`)).status, 401);
    const shown = (await admin.json<Record<string, unknown>[]>('GET', '/api/v1/workers')).body.find((w) => w.name === 'other-w')!;
    assert.equal(shown.team, 'other');
    assert.equal(shown.state, 'running');
    assert.equal(shown.addr, 'http://127.0.0.1:9/other-w');
  });

  test('registrations are checked: team must exist, addr must be a URL, ttl must parse', async () => {
    assert.equal((await register(web.url, { name: 'x', addr: 'http://127.0.0.1:9', team: 'nope' })).status, 400);
    assert.equal((await register(web.url, { name: 'x', addr: 'somewhere' })).status, 400);
    assert.equal((await register(web.url, { name: 'x', addr: 'http://127.0.0.1:9' }, { ttl: 'soon' })).status, 400);
  });

  test('a member may not land a shared worker; a heartbeat for an unknown worker is 404', async () => {
    assert.equal((await bob.req('PUT', '/api/v1/workers/shared/land')).status, 403);
    const hb = await register(web.url, { name: 'ghost', addr: 'http://127.0.0.1:9' }, { method: 'PUT', path: '/api/v1/workers/ghost/heartbeat' });
    assert.equal(hb.status, 404);
  });

  test('a retiring worker is removed by its next heartbeat, which tells it so; then it is unknown', async () => {
    assert.equal((await admin.req('PUT', '/api/v1/workers/shared/retire')).status, 200);
    const hb = async () => register(web.url, { name: 'shared', addr: 'http://127.0.0.1:9/shared' }, { method: 'PUT', path: '/api/v1/workers/shared/heartbeat' });
    const first = await hb();
    assert.equal(first.status, 200);
    assert.equal(((await first.json()) as { state: string }).state, 'retired');
    assert.ok(!(await admin.json<{ name: string }[]>('GET', '/api/v1/workers')).body.some((w) => w.name === 'shared'));
    assert.equal((await hb()).status, 404);
  });

  test('a retiring worker that stopped heartbeating is removed by the lifecycle', async () => {
    assert.equal((await register(web.url, { name: 'dying', addr: 'http://127.0.0.1:9/d' }, { ttl: '1s' })).status, 200);
    assert.equal((await admin.req('PUT', '/api/v1/workers/dying/retire')).status, 200);
    let gone = false;
    for (let i = 0; i < 60 && !gone; i++) {
      await new Promise((r) => setTimeout(r, 250));
      gone = !(await admin.json<{ name: string }[]>('GET', '/api/v1/workers')).body.some((w) => w.name === 'dying');
    }
    assert.ok(gone, 'retired worker still listed');
  });
});

describe('worker lifecycle', () => {
  let dir: string;
  let store: Store;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gantry-lifecycle-'));
    store = await openStore({ dataDir: dir });
  });
  after(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a landing worker lands only once the builds running on it have finished', async () => {
    await store.teams.save('main', {});
    const info = { name: 'w', address: 'http://127.0.0.1:9', platform: 'linux', tags: [], team: null, version: '', resourceTypes: [], activeContainers: 1, activeVolumes: 0 };
    await store.workers.heartbeat(info, 60);
    const build = await store.builds.createOneOff('main');
    await store.builds.start(build.id);
    await store.containers.create({ handle: 'c1', workerName: 'w', kind: 'task', buildId: build.id });
    await store.workers.setState('w', 'landing');
    const lifecycle = new WorkerLifecycle({ store });
    await lifecycle.tick();
    assert.equal((await store.workers.get('w'))?.state, 'landing');
    await store.builds.finish(build.id, 'succeeded');
    await lifecycle.tick();
    assert.equal((await store.workers.get('w'))?.state, 'landed');
  });

  test('a running worker whose heartbeat is overdue is stalled; a heartbeat revives it', async () => {
    const info = { name: 's', address: 'http://127.0.0.1:9', platform: 'linux', tags: [], team: null, version: '', resourceTypes: [], activeContainers: 0, activeVolumes: 0 };
    await store.workers.heartbeat(info, 1);
    await new Promise((r) => setTimeout(r, 1_500));
    await new WorkerLifecycle({ store }).tick();
    assert.equal((await store.workers.get('s'))?.state, 'stalled');
    await store.workers.heartbeat(info, 30);
    assert.equal((await store.workers.get('s'))?.state, 'running');
  });

  test('placement: a team worker serves only its team; an unreachable candidate is reported', async () => {
    const info = { name: 'ops-w', address: 'http://127.0.0.1:9', platform: 'linux', tags: [], team: 'ops', version: '', resourceTypes: [], activeContainers: 0, activeVolumes: 0 };
    await store.teams.save('ops', {});
    await store.workers.heartbeat(info, 60);
    await store.workers.setState('s', 'landed'); // the shared worker of the test before takes no work now
    const pool = new RemoteWorkers({ store, key: 'k' }).pool();
    await assert.rejects(pool.pick({ purpose: 'task', teamName: 'dev' }), /no workers satisfying: without tags, team: dev/);
    await assert.rejects(pool.pick({ purpose: 'task', teamName: 'ops' }), /no reachable worker: worker ops-w at http:\/\/127\.0\.0\.1:9 is unreachable/);
    assert.equal(pool.byName('ops-w')?.name, 'ops-w');
  });
});
