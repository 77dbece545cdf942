// Builds the Hono app: authentication first, then Concourse's /api/v1 routes;
// every error leaves through errorResponse. The app is a plain
// Request → Response function (app.fetch), served by @hono/node-server.
import { Hono } from 'hono';
import type { ApiDeps, ApiEnv } from './context';
import { authenticate } from './auth/middleware';
import { errorResponse, notFound } from './http-error';
import { registerInfo } from './routes/info';
import { registerSky } from './routes/sky';
import { registerTeams } from './routes/teams';
import { registerPipelines } from './routes/pipelines';
import { registerConfig } from './routes/config';
import { registerJobs } from './routes/jobs';
import { registerResources } from './routes/resources';
import { registerBuilds } from './routes/builds';
import { registerWorkers } from './routes/workers';
import { registerJobRuns } from './routes/jobs-run';
import { registerResourceChecks } from './routes/resources-check';
import { registerBuildRuns } from './routes/builds-run';
import { registerBuildEvents } from './routes/events';
import { registerArtifacts } from './routes/artifacts';
import { registerContainers } from './routes/containers';
import { registerUi } from './static-ui';

export function createApi(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const log = deps.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  app.onError((err, c) => errorResponse(err, c, log));
  app.notFound((c) => errorResponse(notFound(`route ${c.req.method} ${c.req.path}`), c, log));
  registerUi(app);
  app.use('*', authenticate(deps));
  registerInfo(app, deps);
  registerSky(app, deps);
  registerTeams(app, deps);
  registerPipelines(app, deps);
  registerConfig(app, deps);
  registerJobRuns(app, deps); // before registerJobs: it decorates their job JSON
  registerResourceChecks(app, deps); // before registerResources, likewise
  registerJobs(app, deps);
  registerResources(app, deps);
  registerBuildRuns(app, deps); // before registerBuilds: replaces its abort placeholder
  registerBuildEvents(app, deps); // likewise for the events placeholder
  registerArtifacts(app, deps);
  registerContainers(app, deps);
  registerBuilds(app, deps);
  registerWorkers(app, deps);
  return app;
}
