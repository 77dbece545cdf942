// Who may make pipelines move: viewers may read the new fields but not trigger, rerun, check,
// pin or toggle versions (403); pipeline-operators may (as in Concourse's role matrix).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { client, startTestWebNode, tokenFor, type Client, type TestWebNode } from './testkit/web-node';

let node: TestWebNode;
let admin: Client;
const P = '/api/v1/teams/main/pipelines/roles';

before(async () => {
  node = await startTestWebNode({
    localUsers: ['admin', 'viewer', 'operator'].map((u) => ({ username: u, password: u })),
    mainTeamUsers: ['admin'],
  });
  admin = client(node.url, await tokenFor(node.url, 'admin', 'admin'));
  const team = await admin.req('PUT', '/api/v1/teams/main', {
    auth: { owner: { users: ['local:admin'] }, viewer: { users: ['local:viewer'] }, 'pipeline-operator': { users: ['local:operator'] } },
  });
  assert.ok(team.status < 300, await team.text());
  const yaml = 'resources: [{name: repo, type: mock, source: {}}]\njobs: [{name: unit, plan: [{get: repo}]}]\n';
  assert.equal((await admin.req('PUT', `${P}/config`, yaml)).status, 201);
  const id = (await node.store.resources.get((await node.store.pipelines.get({ team: 'main', name: 'roles' }))!.id, 'repo'))!;
  const scope = await node.store.versions.findOrCreateScope({ type: 'mock', source: {} });
  await node.store.resources.setScope(id.id, scope.id);
  await node.store.versions.saveVersions(scope.id, [{ version: { version: 'v1' } }]);
  const done = await node.store.builds.createForJob((await node.store.jobs.get(id.pipelineId, 'unit'))!.id);
  await node.store.builds.finish(done.id, 'succeeded');
});
after(async () => node?.close());

test('viewers are refused every action that moves a pipeline; operators are not', async () => {
  const [viewer, operator] = await Promise.all(['viewer', 'operator'].map(async (u) => client(node.url, await tokenFor(node.url, u, u))));
  const versionId = (await admin.json<{ id: number }[]>('GET', `${P}/resources/repo/versions`)).body[0]!.id;
  const actions: [string, string, unknown?][] = [
    ['POST', `${P}/jobs/unit/builds`],
    ['PUT', `${P}/resources/repo/versions/${versionId}/pin`, { pin_comment: 'why' }],
    ['PUT', `${P}/resources/repo/pin_comment`, { pin_comment: 'because' }],
    ['PUT', `${P}/resources/repo/unpin`],
    ['PUT', `${P}/resources/repo/versions/${versionId}/disable`],
    ['PUT', `${P}/resources/repo/versions/${versionId}/enable`],
    ['POST', `${P}/resources/repo/check?async=true`, {}],
    ['POST', `${P}/jobs/unit/builds/1`],
  ];
  for (const [method, path, body] of actions) {
    const refused = await viewer!.json<{ errors: string[] }>(method, path, body);
    assert.equal(refused.status, 403, `viewer ${method} ${path}`);
    const allowed = await operator!.req(method, path, body);
    assert.ok(allowed.status < 300, `operator ${method} ${path}: ${allowed.status} ${await allowed.text()}`);
  }
  const job = (await viewer!.json<{ name: string }>('GET', `${P}/jobs/unit`)).body;
  assert.equal(job.name, 'unit');
});
