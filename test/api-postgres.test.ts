// The API on a real PostgreSQL server: two web nodes on one database share the
// signing key (a token from one works on the other), the role checks and the
// config version check hold, and pipelines outlive a node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase } from './testkit/postgres';
import { startPostgresWebNode, startTestWebNode, tokenFor, client } from './testkit/web-node';
import type { Pipeline } from '../src/protocol';

const CONFIG = `
resources:
- name: repo
  type: mock
jobs:
- name: unit
  plan:
  - get: repo
    trigger: true
`;

test('two web nodes on one PostgreSQL database serve the same pipelines and accept the same tokens', async () => {
  const users = [{ username: 'admin', password: 'pw' }, { username: 'viewer', password: 'pw' }];
  const postgresUrl = await freshDatabase();
  // Both start at once on an empty database: migrations and the generated signing key must not race.
  const [a, b] = await Promise.all([
    startPostgresWebNode({ postgresUrl, localUsers: users, mainTeamUsers: ['admin'], signingKey: undefined }),
    startPostgresWebNode({ postgresUrl, localUsers: users, mainTeamUsers: ['admin'], signingKey: undefined }),
  ]);
  try {
    const adminA = client(a.url, await tokenFor(a.url, 'admin', 'pw'));
    const auth = { owner: { users: ['local:admin'], groups: [] }, viewer: { users: ['local:viewer'], groups: [] } };
    assert.equal((await adminA.json('PUT', '/api/v1/teams/main', { auth })).status, 200);
    const set = await adminA.req('PUT', '/api/v1/teams/main/pipelines/app/config', CONFIG);
    assert.equal(set.status, 201);
    const version = set.headers.get('X-Concourse-Config-Version')!;

    const viewerB = client(b.url, await tokenFor(a.url, 'viewer', 'pw'));
    const seen = await viewerB.json<Pipeline[]>('GET', '/api/v1/pipelines');
    assert.equal(seen.status, 200, 'a token signed by node A works on node B');
    assert.deepEqual(seen.body.map((p) => p.name), ['app']);
    assert.equal((await viewerB.req('PUT', '/api/v1/teams/main/pipelines/app/config', CONFIG)).status, 403);
    assert.equal((await viewerB.req('DELETE', '/api/v1/teams/main/pipelines/app')).status, 403);

    const adminB = client(b.url, await tokenFor(b.url, 'admin', 'pw'));
    const headers = { 'X-Concourse-Config-Version': version };
    assert.equal((await adminB.req('PUT', '/api/v1/teams/main/pipelines/app/config', CONFIG, headers)).status, 200);
    assert.equal((await adminA.req('PUT', '/api/v1/teams/main/pipelines/app/config', CONFIG, headers)).status, 409);
  } finally {
    await a.close();
  }
  const c = await startTestWebNode({ postgresUrl, signingKey: undefined });
  try {
    const admin = client(c.url, await tokenFor(c.url, 'admin', 'pw'));
    assert.deepEqual((await admin.json<Pipeline[]>('GET', '/api/v1/pipelines')).body.map((p) => p.name), ['app']);
  } finally {
    await Promise.all([b.close(), c.close()]);
  }
});
