// GET /api/v1/builds/:id/resources as Concourse answers it (atc.BuildInputsOutputs):
// {inputs: [{name, version, pipeline_id, first_occurrence}], outputs: [{name, version}]},
// over real HTTP against a web node, with the access rules of GET /api/v1/builds/:id.
// The job page's history and the build page read it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { client, startTestWebNode, tokenFor, type Client, type TestWebNode } from './testkit/web-node';

const PIPELINE = `
resources:
- name: repo
  type: mock
- name: image
  type: mock
jobs:
- name: build
  plan:
  - get: repo
  - put: image
`;

let node: TestWebNode;
let admin: Client;
let bob: Client;
let anonymous: Client;

interface Resources {
  inputs: { name: string; version: Record<string, string>; pipeline_id: number; first_occurrence: boolean }[];
  outputs: { name: string; version: Record<string, string> }[];
}

/** A build of `build` with repo@ref as input and image@digest put (and got back, as the implicit get does). */
async function buildWith(ref: string, digest: string): Promise<number> {
  const p = (await node.store.pipelines.get({ team: 'main', name: 'app' }))!;
  const job = (await node.store.jobs.get(p.id, 'build'))!;
  const version = async (resource: string, v: Record<string, string>) => {
    const r = (await node.store.resources.get(p.id, resource))!;
    const scope = await node.store.versions.findOrCreateScope({ type: 'mock', source: { name: resource } });
    await node.store.resources.setScope(r.id, scope.id);
    const [saved] = await node.store.versions.saveVersions(scope.id, [{ version: v }]);
    return { resourceId: r.id, versionId: (saved ?? (await node.store.versions.findVersion(scope.id, v))!).id };
  };
  const repo = await version('repo', { ref });
  const image = await version('image', { digest });
  const b = await node.store.builds.createForJob(job.id);
  await node.store.builds.saveInputs(b.id, [{ name: 'repo', ...repo }, { name: 'image', ...image }]);
  await node.store.builds.saveOutputs(b.id, [{ name: 'image', ...image }]);
  await node.store.builds.finish(b.id, 'succeeded');
  return b.id;
}

before(async () => {
  node = await startTestWebNode({ localUsers: [{ username: 'admin', password: 'admin' }, { username: 'bob', password: 'bob' }], mainTeamUsers: ['admin'] });
  admin = client(node.url, await tokenFor(node.url, 'admin', 'admin'));
  bob = client(node.url, await tokenFor(node.url, 'bob', 'bob'));
  anonymous = client(node.url);
  assert.equal((await admin.req('PUT', '/api/v1/teams/main/pipelines/app/config', PIPELINE)).status < 300, true);
});

after(async () => {
  await node?.close();
});

describe('build resources', () => {
  test('inputs with version, pipeline id and first occurrence; outputs; the get of a put version is no input', async () => {
    const p = (await node.store.pipelines.get({ team: 'main', name: 'app' }))!;
    const first = await buildWith('4f2a9c1e0b7d', 'sha256:aa11');
    const second = await buildWith('4f2a9c1e0b7d', 'sha256:bb22');
    const one = await admin.json<Resources>('GET', `/api/v1/builds/${first}/resources`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, {
      inputs: [{ name: 'repo', version: { ref: '4f2a9c1e0b7d' }, pipeline_id: p.id, first_occurrence: true }],
      outputs: [{ name: 'image', version: { digest: 'sha256:aa11' } }],
    });
    const two = await admin.json<Resources>('GET', `/api/v1/builds/${second}/resources`);
    assert.deepEqual(two.body.inputs, [{ name: 'repo', version: { ref: '4f2a9c1e0b7d' }, pipeline_id: p.id, first_occurrence: false }],
      'the same version again is not a first occurrence');
    assert.deepEqual(two.body.outputs, [{ name: 'image', version: { digest: 'sha256:bb22' } }]);
  });

  test('a one-off build has empty lists; an unknown build is 404', async () => {
    const b = await node.store.builds.createOneOff('main', { plan: { id: 'x' }, createdBy: 'admin' });
    assert.deepEqual((await admin.json<Resources>('GET', `/api/v1/builds/${b.id}/resources`)).body, { inputs: [], outputs: [] });
    assert.equal((await admin.req('GET', '/api/v1/builds/999999/resources')).status, 404);
  });

  test('checked as the build is: anonymous 401, no role 404, public pipeline readable by anyone', async () => {
    const id = await buildWith('77aa', 'sha256:cc33');
    assert.equal((await anonymous.req('GET', `/api/v1/builds/${id}/resources`)).status, 401);
    assert.equal((await bob.req('GET', `/api/v1/builds/${id}/resources`)).status, 404);
    assert.equal((await admin.req('PUT', '/api/v1/teams/main/pipelines/app/expose')).status, 200);
    const open = await anonymous.json<Resources>('GET', `/api/v1/builds/${id}/resources`);
    assert.equal(open.status, 200);
    assert.equal(open.body.inputs[0]?.name, 'repo');
    assert.equal((await bob.req('GET', `/api/v1/builds/${id}/resources`)).status, 200);
  });
});
