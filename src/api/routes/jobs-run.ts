// Making jobs run: trigger (POST .../jobs/:job/builds → a pending build; its inputs are
// checked first, as Concourse 7 does, and the scheduler starts it with the newest), rerun (POST .../jobs/:job/builds/:build → N.1 with the
// same inputs), and the Gantry addition `gantry_status` on job JSON: the scheduler's last word
// on why the job runs or does not.
import type { ApiApp, ApiContext, ApiDeps } from '../context';
import { presentBuild } from '../present';
import { jobFor } from '../scope';
import { HttpError, notFound } from '../http-error';
import { canTriggerManually } from '../../core/scheduling';
import { readJobStatus } from '../../components/scheduler';
import { manualCheckInputs } from '../../components/scheduler/start-build';
import { requestCheck } from '../../components/checker';
import type { Store } from '../../ports/store';

const JOB = '/api/v1/teams/:team/pipelines/:pipeline/jobs/:job';
const JOBS = '/api/v1/teams/:team/pipelines/:pipeline/jobs';

export function registerJobRuns(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps;
  decorateJobJson(app, store);

  app.post(`${JOB}/builds`, async (c) => {
    const { job } = await jobFor(c, deps, 'CreateJobBuild', { rejectArchived: true });
    const allowed = canTriggerManually({ name: job.name, inputs: [], disableManualTrigger: job.config.disable_manual_trigger === true });
    if (!allowed.allowed) throw new HttpError(409, allowed.reason);
    const build = await store.builds.createForJob(job.id, { createdBy: userOf(c), manuallyTriggered: true });
    // The build waits (pending) until these checks end; the checker then asks for a pass.
    for (const { resource } of await manualCheckInputs(store, job)) {
      await requestCheck(store.notifier, { kind: 'resource', id: resource.id, scheduleJob: job.id });
    }
    await store.jobs.requestSchedule(job.id);
    return c.json(presentBuild(build), 200);
  });

  app.post(`${JOB}/builds/:build`, async (c) => {
    const { job } = await jobFor(c, deps, 'RerunJobBuild', { rejectArchived: true });
    const target = await store.builds.getByName(job.id, c.req.param('build'));
    if (!target) throw notFound(`build '${c.req.param('build')}' of job '${job.name}'`);
    if (target.status === 'pending') throw new HttpError(409, `build ${target.name} has not started yet: nothing to rerun`);
    const build = await store.builds.createRerun(target.id, { createdBy: userOf(c) });
    await store.jobs.requestSchedule(job.id);
    return c.json(presentBuild(build), 200);
  });
}

function userOf(c: ApiContext): string | null {
  return c.get('access').user?.username ?? null;
}

/** Adds `gantry_status` to the job JSON that GET .../jobs and GET .../jobs/:job return. */
function decorateJobJson(app: ApiApp, store: Store): void {
  const decorate = async (body: unknown): Promise<unknown> => {
    const one = async (j: Record<string, unknown>) => {
      if (typeof j.id !== 'number') return j;
      const status = await readJobStatus(store, j.id);
      return status ? { ...j, gantry_status: status } : j;
    };
    if (Array.isArray(body)) return Promise.all(body.map((j) => one(j as Record<string, unknown>)));
    return body && typeof body === 'object' ? one(body as Record<string, unknown>) : body;
  };
  for (const path of [JOBS, JOB]) {
    app.use(path, async (c, next) => {
      await next();
      if (c.req.method !== 'GET' || c.res.status !== 200) return;
      const body = await c.res.clone().json().catch(() => undefined);
      if (body === undefined) return;
      const headers = new Headers(c.res.headers);
      headers.delete('content-length');
      c.res = new Response(JSON.stringify(await decorate(body)), { status: 200, headers });
    });
  }
}
