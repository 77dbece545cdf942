// Each team role against the routes, over real HTTP on a web node on PGlite:
// who may read, set, pause and destroy pipelines and change teams, and what an
// anonymous caller sees.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestWebNode, tokenFor, client, type TestWebNode, type Client } from './testkit/web-node';
import type { Build, Pipeline, UserInfo, ErrorBody } from '../src/protocol';

const PIPELINE = `
resources:
- name: repo
  type: mock
jobs:
- name: unit
  public: true
  plan:
  - get: repo
    trigger: true
- name: quiet
  plan:
  - get: repo
`;

describe('roles over HTTP', () => {
  let node: TestWebNode;
  const as: Record<string, Client> = {};
  let anon: Client;

  before(async () => {
    const users = ['admin', 'alice', 'bob', 'carol', 'dave', 'eve', 'frank', 'gina'];
    node = await startTestWebNode({
      localUsers: users.map((u) => ({ username: u, password: `${u}-pw` })),
      mainTeamUsers: ['admin'],
    });
    for (const u of users) as[u] = client(node.url, await tokenFor(node.url, u, `${u}-pw`));
    anon = client(node.url);
    const team = await as.admin!.json('PUT', '/api/v1/teams/dev', {
      auth: {
        owner: { users: ['local:alice'], groups: [] },
        member: { users: ['local:bob'], groups: [] },
        'pipeline-operator': { users: ['local:carol'], groups: [] },
        viewer: { users: ['local:dave'], groups: [] },
      },
    });
    assert.equal(team.status, 201);
    for (const p of ['secret', 'open']) {
      assert.equal((await as.admin!.req('PUT', `/api/v1/teams/main/pipelines/${p}/config`, PIPELINE)).status, 201);
    }
    assert.equal((await as.admin!.req('PUT', '/api/v1/teams/main/pipelines/open/expose')).status, 200);
    assert.equal((await as.bob!.req('PUT', '/api/v1/teams/dev/pipelines/app/config', PIPELINE)).status, 201);
  });
  after(() => node.close());

  test('a viewer reads a pipeline but cannot set, pause or destroy it', async () => {
    const dave = as.dave!;
    assert.equal((await dave.json('GET', '/api/v1/teams/dev/pipelines/app')).status, 200);
    assert.equal((await dave.json('GET', '/api/v1/teams/dev/pipelines/app/config')).status, 200);
    const set = await dave.json<ErrorBody>('PUT', '/api/v1/teams/dev/pipelines/app/config', PIPELINE);
    assert.equal(set.status, 403);
    assert.match(set.body.errors[0]!, /forbidden/);
    assert.equal((await dave.req('DELETE', '/api/v1/teams/dev/pipelines/app')).status, 403);
    assert.equal((await dave.req('PUT', '/api/v1/teams/dev/pipelines/app/pause')).status, 403);
    assert.equal((await dave.json('GET', '/api/v1/teams/dev/pipelines/app')).status, 200, 'still there');
  });

  test('a pipeline operator pauses and unpauses but cannot set or expose', async () => {
    const carol = as.carol!;
    assert.equal((await carol.req('PUT', '/api/v1/teams/dev/pipelines/app/unpause')).status, 200);
    const p = await carol.json<Pipeline>('GET', '/api/v1/teams/dev/pipelines/app');
    assert.equal(p.body.paused, false);
    assert.equal((await carol.req('PUT', '/api/v1/teams/dev/pipelines/app/pause')).status, 200);
    assert.equal((await carol.req('PUT', '/api/v1/teams/dev/pipelines/app/config', PIPELINE)).status, 403);
    assert.equal((await carol.req('PUT', '/api/v1/teams/dev/pipelines/app/expose')).status, 403);
  });

  test('a member sets and destroys pipelines but cannot change the team', async () => {
    const bob = as.bob!;
    assert.equal((await bob.req('PUT', '/api/v1/teams/dev/pipelines/scratch/config', PIPELINE)).status, 201);
    assert.equal((await bob.req('DELETE', '/api/v1/teams/dev/pipelines/scratch')).status, 204);
    assert.equal((await bob.json('GET', '/api/v1/teams/dev/pipelines/scratch')).status, 404);
    const setTeam = await bob.json('PUT', '/api/v1/teams/dev', { auth: { owner: { users: ['local:bob'] } } });
    assert.equal(setTeam.status, 403);
    assert.equal((await bob.json('PUT', '/api/v1/teams/other', { auth: { owner: { users: ['local:bob'] } } })).status, 403);
  });

  test('an owner changes their team; only admins create and destroy teams', async () => {
    const alice = as.alice!;
    const auth = {
      owner: { users: ['local:alice'], groups: [] },
      member: { users: ['local:bob'], groups: [] },
      'pipeline-operator': { users: ['local:carol'], groups: [] },
      viewer: { users: ['local:dave'], groups: [] },
    };
    assert.equal((await alice.json('PUT', '/api/v1/teams/dev', { auth })).status, 200);
    assert.equal((await alice.json('PUT', '/api/v1/teams/alices', { auth })).status, 403);
    assert.equal((await alice.req('DELETE', '/api/v1/teams/dev')).status, 403);
    assert.equal((await as.admin!.json('PUT', '/api/v1/teams/doomed', { auth })).status, 201);
    assert.equal((await as.admin!.req('DELETE', '/api/v1/teams/doomed')).status, 204);
    const empty = await as.admin!.json<ErrorBody>('PUT', '/api/v1/teams/x', { auth: {} });
    assert.deepEqual(empty.body.errors, ['auth config for the team must not be empty']);
  });

  test("another team's pipeline is invisible to someone with no role there", async () => {
    const eve = as.eve!;
    assert.equal((await eve.json('GET', '/api/v1/teams/dev/pipelines/app')).status, 404);
    assert.equal((await eve.json('GET', '/api/v1/teams/main/pipelines/secret')).status, 404);
    assert.equal((await eve.json('GET', '/api/v1/teams/dev/pipelines/app/jobs')).status, 404);
    assert.equal((await eve.json('PUT', '/api/v1/teams/dev/pipelines/app/config', PIPELINE)).status, 404);
    const bobSees = await as.bob!.json<Pipeline[]>('GET', '/api/v1/pipelines');
    assert.deepEqual(bobSees.body.map((p) => `${p.team_name}/${p.name}`).sort(), ['dev/app', 'main/open']);
    const teams = await eve.json<{ name: string }[]>('GET', '/api/v1/teams');
    assert.deepEqual(teams.body, []);
  });

  test('an admin sees and manages every team', async () => {
    const all = await as.admin!.json<Pipeline[]>('GET', '/api/v1/pipelines');
    assert.deepEqual(all.body.map((p) => `${p.team_name}/${p.name}`).sort(), ['dev/app', 'main/open', 'main/secret']);
    assert.equal((await as.admin!.req('PUT', '/api/v1/teams/dev/pipelines/app/expose')).status, 200);
    assert.equal((await as.admin!.req('PUT', '/api/v1/teams/dev/pipelines/app/hide')).status, 200);
  });

  test('without a login only exposed pipelines, their jobs and resources are readable', async () => {
    const list = await anon.json<Pipeline[]>('GET', '/api/v1/pipelines');
    assert.deepEqual(list.body.map((p) => p.name), ['open']);
    const jobs = await anon.json<{ pipeline_name: string; name: string }[]>('GET', '/api/v1/jobs');
    assert.deepEqual(jobs.body.map((j) => `${j.pipeline_name}/${j.name}`), ['open/unit', 'open/quiet']);
    const resources = await anon.json<{ pipeline_name: string; name: string }[]>('GET', '/api/v1/resources');
    assert.deepEqual(resources.body.map((r) => `${r.pipeline_name}/${r.name}`), ['open/repo']);
    const mainList = await anon.json<Pipeline[]>('GET', '/api/v1/teams/main/pipelines');
    assert.deepEqual(mainList.body.map((p) => p.name), ['open']);
    assert.equal((await anon.json('GET', '/api/v1/teams/main/pipelines/open')).status, 200);
    assert.equal((await anon.json('GET', '/api/v1/teams/main/pipelines/open/jobs')).status, 200);
    assert.equal((await anon.json('GET', '/api/v1/teams/main/pipelines/open/resources')).status, 200);
    assert.equal((await anon.json('GET', '/api/v1/teams/main/pipelines/open/config')).status, 401, 'config needs a role');
    assert.equal((await anon.json('GET', '/api/v1/teams/main/pipelines/secret')).status, 401);
    assert.equal((await anon.req('PUT', '/api/v1/teams/main/pipelines/open/pause')).status, 401);
    assert.equal((await anon.json('GET', '/api/v1/user')).status, 401);
    assert.equal((await anon.json('GET', '/api/v1/info')).status, 200);
  });

  test("builds of an exposed pipeline are readable without login; their logs only when the job is public", async () => {
    const build = async (pipeline: string, job: string) => {
      const p = (await node.store.pipelines.get({ team: 'main', name: pipeline }))!;
      return node.store.builds.createForJob((await node.store.jobs.get(p.id, job))!.id);
    };
    const openUnit = await build('open', 'unit');
    const openQuiet = await build('open', 'quiet');
    const secret = await build('secret', 'unit');
    const listed = await anon.json<Build[]>('GET', '/api/v1/builds');
    assert.deepEqual(listed.body.map((b) => b.id).sort(), [openUnit.id, openQuiet.id].sort());
    assert.equal((await anon.json('GET', `/api/v1/builds/${openQuiet.id}`)).status, 200);
    assert.equal((await anon.json('GET', `/api/v1/builds/${secret.id}`)).status, 401);
    assert.equal((await as.eve!.json('GET', `/api/v1/builds/${secret.id}`)).status, 404);
    // The events of an unfinished build are a stream that stays open: read the status and
    // headers, then hang up (the server must let go of it too, or node.close() would wait).
    const events = async (id: number, token?: string) => {
      const stop = new AbortController();
      const res = await fetch(`${node.url}/api/v1/builds/${id}/events`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
        signal: stop.signal,
      });
      const type = res.headers.get('content-type') ?? '';
      if (!type.startsWith('text/event-stream')) await res.text();
      stop.abort();
      return { status: res.status, type };
    };
    const tokens = { eve: await tokenFor(node.url, 'eve', 'eve-pw'), admin: await tokenFor(node.url, 'admin', 'admin-pw') };
    assert.deepEqual(await events(openUnit.id), { status: 200, type: 'text/event-stream; charset=utf-8' }, 'public job of an exposed pipeline');
    assert.equal((await events(openQuiet.id)).status, 401, 'a job that is not public needs a login');
    assert.equal((await events(openQuiet.id, tokens.eve)).status, 403, 'no role on main');
    assert.deepEqual(await events(openQuiet.id, tokens.admin), { status: 200, type: 'text/event-stream; charset=utf-8' });
    assert.equal((await events(secret.id)).status, 401);
    const jobBuilds = await anon.json<Build[]>('GET', '/api/v1/teams/main/pipelines/open/jobs/quiet/builds');
    assert.deepEqual(jobBuilds.body.map((b) => b.name), ['1']);
  });

  test('trigger, check and abort need a pipeline operator; the events of a finished build end', async () => {
    const P = '/api/v1/teams/dev/pipelines/app';
    assert.equal((await as.dave!.json('POST', `${P}/jobs/unit/builds`)).status, 403, 'a viewer cannot trigger');
    assert.equal((await anon.json('POST', `${P}/jobs/unit/builds`)).status, 401);
    const triggered = await as.carol!.json<Build>('POST', `${P}/jobs/unit/builds`);
    assert.equal(triggered.status, 200);
    assert.equal(triggered.body.status, 'pending');
    assert.equal((await as.dave!.json('POST', `${P}/resources/repo/check`, {})).status, 403, 'a viewer cannot check');
    assert.equal((await as.carol!.json('POST', `${P}/resources/repo/check`, {})).status, 503, 'allowed, but no checker runs here');

    const abort = `/api/v1/builds/${triggered.body.id}/abort`;
    assert.equal((await anon.req('PUT', abort)).status, 401);
    assert.equal((await as.eve!.req('PUT', abort)).status, 404, 'no role on dev: the build is invisible');
    assert.equal((await as.dave!.req('PUT', abort)).status, 403);
    assert.equal((await as.carol!.req('PUT', abort)).status, 204);
    assert.equal((await as.dave!.json<Build>('GET', `/api/v1/builds/${triggered.body.id}`)).body.status, 'aborted');
    const events = await as.dave!.req('GET', `/api/v1/builds/${triggered.body.id}/events`);
    assert.equal(events.status, 200);
    assert.match(await events.text(), /event: end\n/, 'a finished build\'s stream closes');
  });

  test('/api/v1/user names the roles held on each team', async () => {
    const bob = await as.bob!.json<UserInfo>('GET', '/api/v1/user');
    assert.equal(bob.body.user_name, 'bob');
    assert.equal(bob.body.is_admin, false);
    assert.deepEqual(bob.body.teams, { dev: ['member'] });
    const admin = await as.admin!.json<UserInfo>('GET', '/api/v1/user');
    assert.equal(admin.body.is_admin, true);
  });

  test('a token stops working at once when its user is taken off the team or deleted', async () => {
    const team = (members: string[]) => as.admin!.json('PUT', '/api/v1/teams/ops', {
      auth: { owner: { users: ['local:admin'], groups: [] }, member: { users: members, groups: [] } },
    });
    assert.equal((await team(['local:frank', 'local:gina'])).status, 201);
    const frank = as.frank!;
    assert.equal((await frank.req('PUT', '/api/v1/teams/ops/pipelines/tools/config', PIPELINE)).status, 201);
    assert.equal((await frank.json('GET', '/api/v1/teams/ops/pipelines/tools')).status, 200);

    assert.equal((await team(['local:gina'])).status, 200);
    assert.equal((await frank.json('GET', '/api/v1/teams/ops/pipelines/tools')).status, 404, 'the same token, no role on ops now');
    assert.equal((await frank.req('PUT', '/api/v1/teams/ops/pipelines/tools/pause')).status, 404);
    assert.deepEqual((await frank.json<UserInfo>('GET', '/api/v1/user')).body.teams, {});

    const gina = as.gina!;
    assert.equal((await gina.json('GET', '/api/v1/teams/ops/pipelines/tools')).status, 200);
    assert.equal(await node.store.users.destroy('gina'), true);
    const after = await gina.json<ErrorBody>('GET', '/api/v1/teams/ops/pipelines/tools');
    assert.equal(after.status, 401, 'a deleted user is still named in the team, but the token is dead');
    assert.match(after.body.errors[0]!, /no longer exists/);
    assert.equal((await gina.json('GET', '/api/v1/user')).status, 401);
    await assert.rejects(tokenFor(node.url, 'gina', 'gina-pw'), /401/);
  });

  test('a wrong password gets no token, and a forged token is refused', async () => {
    await assert.rejects(tokenFor(node.url, 'bob', 'wrong'), /401/);
    await assert.rejects(tokenFor(node.url, 'nobody', 'x'), /401/);
    const forged = client(node.url, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsb2NhbDphZG1pbiJ9.c2ln');
    assert.equal((await forged.json('GET', '/api/v1/pipelines')).status, 401);
  });
});
