// Builds that run: one-off builds (`gantry execute` posts a plan, as fly does), a build's
// plan, abort, and the artifacts a one-off build handed back. A one-off build is created
// already started (status `started` with its plan) and announced on `build_started` in
// the same transaction, where a build tracker picks it up.
import type { ApiApp, ApiDeps, ApiContext } from '../context';
import { presentBuild } from '../present';
import { teamFor } from '../scope';
import { badRequest } from '../http-error';
import type { Json } from '../../ports/store-rows';
import { buildFor } from './builds';
import { registerJobInputs } from './job-inputs';

async function planBody(c: ApiContext): Promise<Json> {
  const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
  if (!body || typeof body !== 'object' || Array.isArray(body) || typeof body.id !== 'string') {
    throw badRequest('the request body must be a build plan (JSON object with an id)');
  }
  return body as Json;
}

export function registerBuildRuns(app: ApiApp, deps: ApiDeps): void {
  registerJobInputs(app, deps);
  app.post('/api/v1/teams/:team/builds', async (c) => {
    const team = await teamFor(c, deps, 'CreateBuild');
    const plan = await planBody(c);
    const build = await deps.store.builds.createOneOff(team.name, { plan, createdBy: c.get('access').user?.username ?? null, start: true });
    return c.json(presentBuild(build), 201);
  });

  app.get('/api/v1/builds/:id/plan', async (c) => {
    const build = await buildFor(c, deps, 'GetBuildPlan', true);
    return c.json({ schema: 'exec.v2', plan: build.plan });
  });

  app.put('/api/v1/builds/:id/abort', async (c) => {
    const build = await buildFor(c, deps, 'AbortBuild', true);
    c.get('access').require(build.teamName, 'AbortBuild', `build ${build.id}`);
    if (build.status === 'pending' || build.status === 'started') await deps.store.builds.requestAbort(build.id);
    return c.body(null, 204);
  });

  app.get('/api/v1/builds/:id/artifacts', async (c) => {
    const build = await buildFor(c, deps, 'ListBuildArtifacts', true);
    c.get('access').require(build.teamName, 'ListBuildArtifacts', `build ${build.id}`);
    const volumes = await deps.store.volumes.list({ teamId: build.teamId });
    return c.json(
      volumes
        .filter((v) => v.kind === 'artifact' && v.buildId === build.id)
        .map((v) => ({ id: v.handle, name: v.path ?? '', build_id: build.id, created_at: Math.floor(v.createdAt.getTime() / 1000) })),
    );
  });
}
