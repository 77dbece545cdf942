// Pipelines: list (all visible, per team), get, pause/unpause, expose/hide,
// archive, rename, ordering, destroy. Config get/save live in config.ts.
import type { ApiApp, ApiDeps, ApiContext } from '../context';
import type { RenameRequest } from '../../protocol';
import type { Pipeline } from '../../ports/store-rows';
import { presentPipeline } from '../present';
import { pipelineFor, teamFor } from '../scope';
import { badRequest, notFound } from '../http-error';
import { identifierError } from '../identifiers';

/** Every pipeline the caller may read: all for admins, their teams' and the public ones otherwise. */
export async function visiblePipelines(c: ApiContext, deps: ApiDeps, includeArchived: boolean): Promise<Pipeline[]> {
  const access = c.get('access');
  const filter = access.isAdmin
    ? { includeArchived }
    : { teams: [...access.teamRoles.keys()], includePublic: true, includeArchived };
  return deps.store.pipelines.list(filter);
}

async function jsonBody(c: ApiContext): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw badRequest('request body must be JSON');
  }
}

function toggle(
  app: ApiApp,
  deps: ApiDeps,
  verb: string,
  action: 'PausePipeline' | 'UnpausePipeline' | 'ExposePipeline' | 'HidePipeline' | 'ArchivePipeline',
  apply: (p: Pipeline, by: string | null) => Promise<unknown>,
): void {
  app.put(`/api/v1/teams/:team/pipelines/:pipeline/${verb}`, async (c) => {
    const pipeline = await pipelineFor(c, deps, action, { rejectArchived: action === 'PausePipeline' || action === 'UnpausePipeline' });
    await apply(pipeline, c.get('access').user?.username ?? null);
    return c.body(null, 200);
  });
}

export function registerPipelines(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps;

  app.get('/api/v1/pipelines', async (c) => {
    return c.json((await visiblePipelines(c, deps, true)).map(presentPipeline));
  });

  app.get('/api/v1/teams/:team/pipelines', async (c) => {
    const team = c.req.param('team');
    const access = c.get('access');
    if (!(await store.teams.get(team))) throw notFound(`team '${team}'`);
    const mine = access.can(team, 'ListPipelines');
    const list = await store.pipelines.list({ teams: mine ? [team] : [], includePublic: !mine, includeArchived: true });
    return c.json(list.filter((p) => p.teamName === team).map(presentPipeline));
  });

  // Registered before /:pipeline routes so "ordering" is never taken for a pipeline name.
  app.put('/api/v1/teams/:team/pipelines/ordering', async (c) => {
    await teamFor(c, deps, 'OrderPipelines');
    const names = await jsonBody(c);
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
      throw badRequest('body must be a JSON array of pipeline names');
    }
    const team = c.req.param('team');
    const known = new Set((await store.pipelines.list({ teams: [team], includeArchived: true })).map((p) => p.name));
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length > 0) throw badRequest(unknown.map((n) => `pipeline '${n}' not found in team '${team}'`));
    await store.pipelines.order(team, names);
    return c.body(null, 200);
  });

  app.get('/api/v1/teams/:team/pipelines/:pipeline', async (c) => {
    return c.json(presentPipeline(await pipelineFor(c, deps, 'GetPipeline', { publicRead: true })));
  });

  app.delete('/api/v1/teams/:team/pipelines/:pipeline', async (c) => {
    const pipeline = await pipelineFor(c, deps, 'DeletePipeline');
    await store.pipelines.destroy(pipeline.id);
    return c.body(null, 204);
  });

  toggle(app, deps, 'pause', 'PausePipeline', (p, by) => store.pipelines.setPaused(p.id, true, by));
  toggle(app, deps, 'unpause', 'UnpausePipeline', (p, by) => store.pipelines.setPaused(p.id, false, by));
  toggle(app, deps, 'expose', 'ExposePipeline', (p) => store.pipelines.setPublic(p.id, true));
  toggle(app, deps, 'hide', 'HidePipeline', (p) => store.pipelines.setPublic(p.id, false));
  toggle(app, deps, 'archive', 'ArchivePipeline', (p) => store.pipelines.archive(p.id));

  app.put('/api/v1/teams/:team/pipelines/:pipeline/rename', async (c) => {
    const pipeline = await pipelineFor(c, deps, 'RenamePipeline');
    const body = (await jsonBody(c)) as Partial<RenameRequest>;
    if (typeof body?.name !== 'string') throw badRequest('body must be {"name": "NEW-NAME"}');
    const err = identifierError(body.name, 'pipeline');
    if (err) throw badRequest(err);
    await store.pipelines.rename(pipeline.teamName, pipeline.name, body.name);
    return c.json({ warnings: [] });
  });
}
