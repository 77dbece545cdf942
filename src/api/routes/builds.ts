// Builds: the paged list of every visible build, a team's and a pipeline's
// builds, one build, its inputs and outputs. A public pipeline's builds are readable by anyone; their
// logs (events) only when the job is `public: true`, as in Concourse.
import type { ApiApp, ApiDeps, ApiContext } from '../context';
import { baseUrl } from '../context';
import type { Build } from '../../ports/store-rows';
import type { BuildFilter } from '../../ports/store';
import { presentBuild, presentBuildResources } from '../present';
import { pipelineFor, teamFor } from '../scope';
import { badRequest, forbidden, notFound, notImplemented, unauthorized } from '../http-error';
import { linkHeader, pageFromQuery } from '../pagination';
import type { Action } from '../auth/roles';

async function listPage(c: ApiContext, deps: ApiDeps, filter: BuildFilter): Promise<Response> {
  const url = new URL(c.req.url);
  const result = await deps.store.builds.list(filter, pageFromQuery(url.searchParams));
  const link = linkHeader(baseUrl(c, deps), url.pathname, result);
  if (link) c.header('Link', link);
  return c.json(result.items.map(presentBuild));
}

/** The build, if the caller may see it; `logs` asks for the stricter rule of build events. */
export async function buildFor(c: ApiContext, deps: ApiDeps, action: Action, logs: boolean): Promise<Build> {
  const id = Number(c.req.param('id'));
  if (!Number.isInteger(id)) throw badRequest('build id must be a number');
  const build = await deps.store.builds.get(id);
  if (!build) throw notFound(`build ${id}`);
  const access = c.get('access');
  if (access.can(build.teamName, action)) return build;
  if (build.pipelineId !== null) {
    const pipeline = await deps.store.pipelines.getById(build.pipelineId);
    if (pipeline?.public && !logs) return build;
    if (pipeline?.public && build.jobId !== null) {
      const job = await deps.store.jobs.getById(build.jobId);
      if (job?.config.public === true) return build;
      // The build itself is visible here, so say why its log is not.
      if (!access.isAuthenticated) throw unauthorized();
      throw forbidden(`the log of build ${id} is private: job '${build.jobName}' is not public`);
    }
  }
  access.require(build.teamName, action, `build ${id}`);
  return build;
}

export function registerBuilds(app: ApiApp, deps: ApiDeps): void {
  app.get('/api/v1/builds', async (c) => {
    const access = c.get('access');
    if (access.isAdmin) return listPage(c, deps, {});
    const teams = [...access.teamRoles.keys()];
    return listPage(c, deps, teams.length > 0 ? { teams } : { publicOnly: true });
  });

  app.get('/api/v1/teams/:team/builds', async (c) => {
    const team = await teamFor(c, deps, 'ListTeamBuilds');
    return listPage(c, deps, { teams: [team.name] });
  });

  app.get('/api/v1/teams/:team/pipelines/:pipeline/builds', async (c) => {
    const pipeline = await pipelineFor(c, deps, 'ListPipelineBuilds', { publicRead: true });
    return listPage(c, deps, { pipelineId: pipeline.id });
  });

  app.get('/api/v1/builds/:id', async (c) => c.json(presentBuild(await buildFor(c, deps, 'GetBuild', false))));

  // Readable wherever the build is (Concourse checks it as it checks GetBuild).
  app.get('/api/v1/builds/:id/resources', async (c) => {
    const build = await buildFor(c, deps, 'GetBuild', false);
    const [inputs, outputs] = await Promise.all([deps.store.builds.inputs(build.id), deps.store.builds.outputs(build.id)]);
    return c.json(presentBuildResources(build, inputs, outputs));
  });

  app.get('/api/v1/builds/:id/events', async (c) => {
    await buildFor(c, deps, 'BuildEvents', true);
    throw notImplemented('streaming build events', 'the build engine (issue 4)');
  });

  app.put('/api/v1/builds/:id/abort', async (c) => {
    const build = await buildFor(c, deps, 'AbortBuild', true);
    c.get('access').require(build.teamName, 'AbortBuild', `build ${build.id}`);
    throw notImplemented('aborting a build', 'the build engine (issue 4)');
  });
}
