// Walks every route createApi registers, over real HTTP, as: no token, a user of
// another team, a viewer (and each role below the one a route needs). A route
// added without a line in ACCESS below fails the first test, so nothing ships
// unclassified; refused writes must leave the team, pipeline, job and build as
// they were.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createApi, TokenSigner } from '../src/api';
import type { Store } from '../src/ports/store';
import { startTestWebNode, tokenFor, client, type TestWebNode } from './testkit/web-node';
import type { Pipeline } from '../src/protocol';

const PIPELINE = `
resource_types:
- name: fake
  type: mock
resources:
- name: repo
  type: mock
jobs:
- name: unit
  plan:
  - get: repo
    trigger: true
  - task: run
    config:
      platform: linux
      rootfs_uri: raw:///nothing
      run: {path: 'true'}
`;

/**
 * What each route asks of the caller. A team role (Concourse's matrix: viewer <
 * pipeline-operator < member < owner), `admin` (an owner of main), or a route that
 * is open by design: `public` (anyone), `login` (any valid token), `list` (anyone;
 * the answer is filtered to what the caller may see), `worker` (the shared worker
 * key or an admin), `webhook` (the resource's webhook_token), `token` (the login itself).
 */
type Need = 'viewer' | 'pipeline-operator' | 'member' | 'owner' | 'admin' | 'public' | 'login' | 'list' | 'worker' | 'webhook' | 'token';

const T = '/api/v1/teams/:team';
const P = `${T}/pipelines/:pipeline`;
const J = `${P}/jobs/:job`;
const R = `${P}/resources/:resource`;
const ACCESS: Record<string, Need> = {
  'GET /api/v1/info': 'public',
  'GET /api/v1/user': 'login',
  'POST /sky/issuer/token': 'token',
  'GET /api/v1/teams': 'list',
  'GET /api/v1/pipelines': 'list',
  'GET /api/v1/jobs': 'list',
  'GET /api/v1/resources': 'list',
  'GET /api/v1/builds': 'list',
  'GET /api/v1/dashboard/events': 'list',
  [`GET ${T}`]: 'viewer',
  [`PUT ${T}`]: 'owner',
  [`PUT ${T}/rename`]: 'owner',
  [`DELETE ${T}`]: 'admin',
  [`GET ${T}/pipelines`]: 'list',
  [`PUT ${T}/pipelines/ordering`]: 'member',
  [`GET ${P}`]: 'viewer',
  [`DELETE ${P}`]: 'member',
  [`PUT ${P}/pause`]: 'pipeline-operator',
  [`PUT ${P}/unpause`]: 'pipeline-operator',
  [`PUT ${P}/expose`]: 'member',
  [`PUT ${P}/hide`]: 'member',
  [`PUT ${P}/archive`]: 'member',
  [`PUT ${P}/rename`]: 'member',
  [`GET ${P}/config`]: 'viewer',
  [`PUT ${P}/config`]: 'member',
  [`GET ${P}/builds`]: 'viewer',
  [`GET ${P}/jobs`]: 'viewer',
  [`GET ${J}`]: 'viewer',
  [`GET ${J}/builds`]: 'viewer',
  [`GET ${J}/builds/:build`]: 'viewer',
  [`GET ${J}/inputs`]: 'viewer',
  [`POST ${J}/builds`]: 'pipeline-operator',
  [`POST ${J}/builds/:build`]: 'pipeline-operator',
  [`PUT ${J}/pause`]: 'pipeline-operator',
  [`PUT ${J}/unpause`]: 'pipeline-operator',
  [`DELETE ${J}/tasks/:step/cache`]: 'pipeline-operator',
  [`GET ${P}/resources`]: 'viewer',
  [`GET ${R}`]: 'viewer',
  [`GET ${R}/versions`]: 'viewer',
  [`GET ${R}/versions/:version`]: 'viewer',
  [`POST ${R}/check`]: 'pipeline-operator',
  [`POST ${R}/check/webhook`]: 'webhook',
  [`POST ${P}/resource-types/:type/check`]: 'pipeline-operator',
  [`PUT ${R}/versions/:version/pin`]: 'pipeline-operator',
  [`PUT ${R}/unpin`]: 'pipeline-operator',
  [`PUT ${R}/pin_comment`]: 'pipeline-operator',
  [`PUT ${R}/versions/:version/enable`]: 'pipeline-operator',
  [`PUT ${R}/versions/:version/disable`]: 'pipeline-operator',
  [`GET ${T}/builds`]: 'viewer',
  [`POST ${T}/builds`]: 'member',
  [`POST ${T}/artifacts`]: 'member',
  [`GET ${T}/artifacts/:id`]: 'member',
  [`GET ${T}/containers`]: 'viewer',
  [`GET ${T}/containers/:id`]: 'viewer',
  [`POST ${T}/containers/:id/hijack`]: 'member',
  [`GET ${T}/volumes`]: 'viewer',
  'GET /api/v1/builds/:id': 'viewer',
  'GET /api/v1/builds/:id/plan': 'viewer',
  'GET /api/v1/builds/:id/resources': 'viewer',
  'GET /api/v1/builds/:id/artifacts': 'viewer',
  'GET /api/v1/builds/:id/events': 'viewer',
  'PUT /api/v1/builds/:id/abort': 'pipeline-operator',
  'POST /api/v1/workers': 'worker',
  'PUT /api/v1/workers/:name/heartbeat': 'worker',
  'GET /api/v1/workers': 'login',
  'PUT /api/v1/workers/:name/land': 'worker',
  'PUT /api/v1/workers/:name/retire': 'worker',
  'PUT /api/v1/workers/:name/prune': 'worker',
  'DELETE /api/v1/workers/:name': 'worker',
};

/** Routes an anonymous caller may read on an exposed pipeline (Concourse's public reads). */
const PUBLIC_READS = new Set([
  `GET ${P}`, `GET ${P}/jobs`, `GET ${J}`, `GET ${J}/builds`, `GET ${J}/builds/:build`, `GET ${P}/builds`,
  `GET ${P}/resources`, `GET ${R}`, `GET ${R}/versions`, `GET ${R}/versions/:version`, 'GET /api/v1/builds/:id',
  // A build's inputs and outputs are read like the build itself (Concourse's GetBuildResources).
  'GET /api/v1/builds/:id/resources',
]);

const TEAM_ROLES = ['viewer', 'pipeline-operator', 'member', 'owner'] as const;
type TeamRole = (typeof TEAM_ROLES)[number];
const DEV_USERS: Record<TeamRole, string> = { owner: 'alice', member: 'bob', 'pipeline-operator': 'carol', viewer: 'dave' };

/** Every API route of the app, as `METHOD path` (middleware and the UI's catch-all left out). */
function registeredRoutes(store: Store): string[] {
  const app = createApi({ store, signer: new TokenSigner('r'.repeat(32)), version: 'test' });
  const keys = app.routes
    .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/') || r.path.startsWith('/sky/')))
    .map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)];
}

interface Names { team: string; pipeline: string; buildId: number }

function concretePath(route: string, n: Names): string {
  const path = route.slice(route.indexOf(' ') + 1);
  return path
    .replace(':team', n.team).replace(':pipeline', n.pipeline).replace(':job', 'unit')
    .replace(':resource', 'repo').replace(':type', 'fake').replace(':version', '1').replace(':build', '1')
    .replace(':step', 'run').replace(':name', 'no-such-worker')
    .replace(':id', path.startsWith('/api/v1/builds/') ? String(n.buildId) : 'no-such-id');
}

function bodyFor(route: string): string {
  if (route === `PUT ${P}/config`) return PIPELINE;
  if (route === `PUT ${T}`) return JSON.stringify({ auth: { owner: { users: ['local:eve'], groups: [] } } });
  if (route.endsWith('/rename')) return JSON.stringify({ name: 'renamed' });
  return '{}';
}

/** Whether a list answer shows the private pipeline `app` (or, for the team list, team dev). */
function leaksPrivate(route: string, text: string): boolean {
  if (route === 'GET /api/v1/teams') return /"name":"dev"/.test(text);
  return /"(pipeline_)?name":"app"/.test(text);
}

interface Answer { status: number; text: string }

/** The first SSE frame of a stream (a list stream opens with its snapshot), or '' after 20 s. */
async function firstFrame(res: Response): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const deadline = setTimeout(() => void reader.cancel().catch(() => undefined), 20_000);
  let text = '';
  try {
    while (!/^event: [^\n]+\ndata: [^\n]*\n\n/m.test(text)) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    clearTimeout(deadline);
  }
  return text;
}

/**
 * One request. A stream (build events, hijack) is hung up on once its status is known;
 * the stream of a list route is read up to its first frame, so its contents are checked too.
 */
async function hit(url: string, route: string, path: string, token?: string): Promise<Answer> {
  const method = route.slice(0, route.indexOf(' '));
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (method !== 'GET' && method !== 'DELETE') {
    body = bodyFor(route);
    headers['Content-Type'] = body.startsWith('{') ? 'application/json' : 'application/x-yaml';
  }
  const stop = new AbortController();
  const res = await fetch(`${url}${path}`, { method, headers, body, signal: stop.signal });
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream') || type.includes('ndjson') || route.endsWith('/hijack')) {
    const text = ACCESS[route] === 'list' && res.status === 200 ? await firstFrame(res) : '';
    stop.abort();
    return { status: res.status, text };
  }
  return { status: res.status, text: await res.text() };
}

describe('every API route checks the caller', () => {
  let node: TestWebNode;
  const tokens: Record<string, string> = {};
  let routes: string[];
  let dev: Names;
  let open: Names;

  before(async () => {
    const users = ['admin', 'alice', 'bob', 'carol', 'dave', 'eve'];
    node = await startTestWebNode({
      localUsers: users.map((u) => ({ username: u, password: `${u}-pw` })),
      mainTeamUsers: ['admin'],
    });
    for (const u of users) tokens[u] = await tokenFor(node.url, u, `${u}-pw`);
    const admin = client(node.url, tokens.admin);
    const devAuth = Object.fromEntries(TEAM_ROLES.map((r) => [r, { users: [`local:${DEV_USERS[r]}`], groups: [] }]));
    assert.equal((await admin.json('PUT', '/api/v1/teams/dev', { auth: devAuth })).status, 201);
    assert.equal((await admin.json('PUT', '/api/v1/teams/other', { auth: { owner: { users: ['local:eve'], groups: [] } } })).status, 201);
    for (const name of ['app', 'open']) {
      assert.equal((await admin.req('PUT', `/api/v1/teams/dev/pipelines/${name}/config`, PIPELINE)).status, 201);
    }
    assert.equal((await admin.req('PUT', '/api/v1/teams/dev/pipelines/open/expose')).status, 200);
    const buildOf = async (pipeline: string) => {
      const p = (await node.store.pipelines.get({ team: 'dev', name: pipeline }))!;
      return (await node.store.builds.createForJob((await node.store.jobs.get(p.id, 'unit'))!.id)).id;
    };
    dev = { team: 'dev', pipeline: 'app', buildId: await buildOf('app') };
    open = { team: 'dev', pipeline: 'open', buildId: await buildOf('open') };
    routes = registeredRoutes(node.store);
  });
  after(() => node.close());

  test('every registered route has an access rule in this test', () => {
    assert.ok(routes.length > 60, `only ${routes.length} routes found`);
    const unclassified = routes.filter((r) => !(r in ACCESS));
    assert.deepEqual(unclassified, [], 'classify new routes in ACCESS');
    const gone = Object.keys(ACCESS).filter((r) => !routes.includes(r));
    assert.deepEqual(gone, [], 'routes in ACCESS that are no longer registered');
  });

  test('without a token every team route of a private pipeline answers 401', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const need = ACCESS[route];
      const a = await hit(node.url, route, concretePath(route, dev));
      const ok = need === 'public' ? a.status === 200
        : need === 'list' ? a.status === 200 && !leaksPrivate(route, a.text)
        : need === 'token' ? a.status >= 400 && a.status < 500
        : need === 'worker' ? a.status === 401 || a.status === 403
        : a.status === 401;
      if (!ok) wrong.push(`${route} → ${a.status} ${a.text.slice(0, 120)}`);
    }
    assert.deepEqual(wrong, []);
  });

  test("a user of another team gets 404 or 403 on every route of this team, and sees none of it in lists", async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const need = ACCESS[route]!;
      const a = await hit(node.url, route, concretePath(route, dev), tokens.eve);
      const ok = need === 'public' || need === 'login' || need === 'token' ? a.status < 500
        : need === 'list' ? a.status === 200 && !leaksPrivate(route, a.text)
        : need === 'worker' || need === 'webhook' ? a.status === 401 || a.status === 403
        : a.status === 403 || a.status === 404;
      if (!ok) wrong.push(`${route} → ${a.status} ${a.text.slice(0, 120)}`);
    }
    assert.deepEqual(wrong, []);
  });

  test('the list check above would see a leak: a viewer of dev finds app in every list', async () => {
    for (const route of routes.filter((r) => ACCESS[r] === 'list')) {
      const a = await hit(node.url, route, concretePath(route, dev), tokens.dave);
      assert.equal(a.status, 200, route);
      assert.ok(leaksPrivate(route, a.text), `${route} as a viewer of dev: ${a.text.slice(0, 200)}`);
    }
  });

  test('each role below what a route needs gets 403; a viewer reads every read route', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const need = ACCESS[route]!;
      const rank = need === 'admin' ? TEAM_ROLES.length : TEAM_ROLES.indexOf(need as TeamRole);
      if (rank < 0) continue; // not a team-role route
      const path = concretePath(route, dev);
      for (const role of TEAM_ROLES.slice(0, rank)) {
        const a = await hit(node.url, route, path, tokens[DEV_USERS[role]]);
        if (a.status !== 403) wrong.push(`${route} as ${role} → ${a.status} ${a.text.slice(0, 120)}`);
      }
      if (rank === 0) {
        const a = await hit(node.url, route, path, tokens.dave);
        // Allowed: any answer but a refusal or a crash (a made-up container id is a 404).
        if (a.status === 401 || a.status === 403 || a.status >= 500 && a.status !== 501 && a.status !== 503) {
          wrong.push(`${route} as viewer → ${a.status} ${a.text.slice(0, 120)}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('an exposed pipeline is readable without a token through its public reads only', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const need = ACCESS[route]!;
      if (!route.includes(':pipeline') && !route.includes('/builds/:id')) continue;
      if (need === 'webhook') continue;
      const a = await hit(node.url, route, concretePath(route, open));
      const expected = PUBLIC_READS.has(route) ? [200, 404] : [401];
      if (!expected.includes(a.status)) wrong.push(`${route} → ${a.status} ${a.text.slice(0, 120)}`);
    }
    assert.deepEqual(wrong, []);
  });

  test('refused requests changed nothing', async () => {
    const admin = client(node.url, tokens.admin);
    const p = await admin.json<Pipeline>('GET', '/api/v1/teams/dev/pipelines/app');
    assert.equal(p.status, 200, 'the pipeline still exists under its name');
    assert.equal(p.body.paused, true);
    assert.equal(p.body.public, false);
    assert.equal(p.body.archived, false);
    const config = await admin.req('GET', '/api/v1/teams/dev/pipelines/app/config');
    assert.equal(config.headers.get('x-concourse-config-version'), '1', 'config never saved again');
    const team = await admin.json<{ auth: Record<string, { users: string[] }> }>('GET', '/api/v1/teams/dev');
    assert.deepEqual(team.body.auth.owner?.users, ['local:alice']);
    const job = await admin.json<{ paused?: boolean }>('GET', '/api/v1/teams/dev/pipelines/app/jobs/unit');
    assert.notEqual(job.body.paused, true);
    const build = await admin.json<{ status: string }>('GET', `/api/v1/builds/${dev.buildId}`);
    assert.equal(build.body.status, 'pending', 'not aborted');
    const teams = await admin.json<{ name: string }[]>('GET', '/api/v1/teams');
    assert.ok(teams.body.some((t) => t.name === 'dev'), 'team not destroyed');
  });
});
