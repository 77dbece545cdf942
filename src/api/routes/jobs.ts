// Jobs of a pipeline, one job, and its builds. Triggering and reruns: jobs-run.ts.
import type { ApiApp, ApiDeps } from '../context';
import { baseUrl } from '../context';
import { presentBuild, presentJob } from '../present';
import { jobFor, pipelineFor } from '../scope';
import { notFound } from '../http-error';
import { linkHeader, pageFromQuery } from '../pagination';
import { visiblePipelines } from './pipelines';

const JOB = '/api/v1/teams/:team/pipelines/:pipeline/jobs/:job';

export function registerJobs(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps;

  // Every job of every visible pipeline, for dashboards.
  app.get('/api/v1/jobs', async (c) => {
    const pipelines = await visiblePipelines(c, deps, false);
    const byId = new Map(pipelines.map((p) => [p.id, p]));
    const jobs = await store.jobs.listForPipelines([...byId.keys()]);
    const summaries = await store.builds.summaries(jobs.map((j) => j.id));
    return c.json(jobs.map((j) => presentJob(j, byId.get(j.pipelineId)!, summaries.get(j.id))));
  });

  app.get('/api/v1/teams/:team/pipelines/:pipeline/jobs', async (c) => {
    const pipeline = await pipelineFor(c, deps, 'ListJobs', { publicRead: true });
    const jobs = await store.jobs.list(pipeline.id);
    const summaries = await store.builds.summaries(jobs.map((j) => j.id));
    return c.json(jobs.map((j) => presentJob(j, pipeline, summaries.get(j.id))));
  });

  app.get(JOB, async (c) => {
    const { pipeline, job } = await jobFor(c, deps, 'GetJob', { publicRead: true });
    const summaries = await store.builds.summaries([job.id]);
    return c.json(presentJob(job, pipeline, summaries.get(job.id)));
  });

  app.get(`${JOB}/builds`, async (c) => {
    const { job } = await jobFor(c, deps, 'ListJobBuilds', { publicRead: true });
    const url = new URL(c.req.url);
    const result = await store.builds.list({ jobId: job.id }, pageFromQuery(url.searchParams));
    const link = linkHeader(baseUrl(c, deps), url.pathname, result);
    if (link) c.header('Link', link);
    return c.json(result.items.map(presentBuild));
  });

  app.get(`${JOB}/builds/:build`, async (c) => {
    const { job } = await jobFor(c, deps, 'GetJobBuild', { publicRead: true });
    const build = await store.builds.getByName(job.id, c.req.param('build'));
    if (!build) throw notFound(`build '${c.req.param('build')}' of job '${job.name}'`);
    return c.json(presentBuild(build));
  });

  for (const [verb, paused] of [['pause', true], ['unpause', false]] as const) {
    app.put(`${JOB}/${verb}`, async (c) => {
      const { job } = await jobFor(c, deps, paused ? 'PauseJob' : 'UnpauseJob');
      await store.jobs.setPaused(job.id, paused, c.get('access').user?.username ?? null);
      return c.body(null, 200);
    });
  }
}
