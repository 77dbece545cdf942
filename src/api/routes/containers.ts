// Containers and volumes of a team as Concourse lists them (`gantry containers`,
// `gantry volumes`, with Concourse's query filters), one container, and clearing a
// job step's task caches (`gantry clear-task-cache`).
import type { ApiApp, ApiDeps } from '../context';
import type { Container, Volume } from '../../ports/store-rows';
import { jobFor, teamFor } from '../scope';
import { notFound, notImplemented } from '../http-error';
import { registerHijack } from './hijack';

interface Names { pipelines: Map<number, string>; jobs: Map<number, string>; builds: Map<number, string> }

async function names(deps: ApiDeps, rows: { pipelineId?: number | null; jobId?: number | null; buildId?: number | null }[]): Promise<Names> {
  const out: Names = { pipelines: new Map(), jobs: new Map(), builds: new Map() };
  for (const r of rows) {
    if (r.buildId != null && !out.builds.has(r.buildId)) {
      const b = await deps.store.builds.get(r.buildId);
      if (b) {
        out.builds.set(b.id, b.name);
        if (b.pipelineId !== null && b.pipelineName) out.pipelines.set(b.pipelineId, b.pipelineName);
        if (b.jobId !== null && b.jobName) out.jobs.set(b.jobId, b.jobName);
      }
    }
  }
  return out;
}

function presentContainer(c: Container, n: Names): Record<string, unknown> {
  const meta = c.meta as Record<string, unknown>;
  return {
    id: c.handle, worker_name: c.workerName, type: c.kind, state: c.state,
    step_name: c.stepName ?? undefined, attempt: c.attempt ?? undefined, plan_id: c.planId ?? undefined,
    build_id: c.buildId ?? undefined, build_name: c.buildId ? n.builds.get(c.buildId) : undefined,
    pipeline_id: c.pipelineId ?? undefined, pipeline_name: c.pipelineId ? n.pipelines.get(c.pipelineId) : undefined,
    job_id: c.jobId ?? undefined, job_name: c.jobId ? n.jobs.get(c.jobId) : undefined,
    user: typeof meta.user === 'string' ? meta.user : undefined,
    working_directory: typeof meta.dir === 'string' ? meta.dir : undefined,
    expires_in: c.keepUntil ? `${Math.max(0, Math.round((c.keepUntil.getTime() - Date.now()) / 1000))}s` : undefined,
  };
}

/** Concourse's container filters: type, pipeline/job/build/step names and ids, attempt. */
function matches(row: Record<string, unknown>, q: URLSearchParams): boolean {
  const keys = ['type', 'pipeline_name', 'pipeline_id', 'job_name', 'job_id', 'build_name', 'build_id', 'step_name', 'attempt'];
  return keys.every((k) => !q.has(k) || String(row[k] ?? '') === q.get(k));
}

function presentVolume(v: Volume): Record<string, unknown> {
  return {
    id: v.handle, worker_name: v.workerName, type: v.kind, container_handle: v.containerHandle ?? '',
    path: v.path ?? '', parent_handle: v.parentHandle ?? '', resource_type: null, base_resource_type: null,
    pipeline_name: '', job_name: '', step_name: v.cacheKey ?? '',
  };
}

export function registerContainers(app: ApiApp, deps: ApiDeps): void {
  registerHijack(app, deps);
  app.get('/api/v1/teams/:team/containers', async (c) => {
    const team = await teamFor(c, deps, 'ListContainers');
    const rows = await deps.store.containers.list({ teamId: team.id });
    const n = await names(deps, rows);
    const q = new URL(c.req.url).searchParams;
    return c.json(rows.map((r) => presentContainer(r, n)).filter((r) => matches(r, q)));
  });

  app.get('/api/v1/teams/:team/containers/:id', async (c) => {
    const team = await teamFor(c, deps, 'GetContainer');
    const row = await deps.store.containers.get(c.req.param('id'));
    if (!row || row.teamId !== team.id) throw notFound(`container ${c.req.param('id')}`);
    return c.json(presentContainer(row, await names(deps, [row])));
  });

  app.get('/api/v1/teams/:team/volumes', async (c) => {
    const team = await teamFor(c, deps, 'ListVolumes');
    const own = await deps.store.volumes.list({ teamId: team.id });
    // Volumes of the team's containers carry no team themselves.
    const containers = new Set((await deps.store.containers.list({ teamId: team.id })).map((x) => x.handle));
    const all = (await deps.store.volumes.list()).filter((v) => v.teamId === null && v.containerHandle && containers.has(v.containerHandle));
    return c.json([...own, ...all].map(presentVolume));
  });

  app.delete('/api/v1/teams/:team/pipelines/:pipeline/jobs/:job/tasks/:step/cache', async (c) => {
    const { pipeline, job } = await jobFor(c, deps, 'ClearTaskCache');
    if (!deps.buildServices) throw notImplemented('clearing task caches without a worker on this node', 'a worker');
    const path = new URL(c.req.url).searchParams.get('cache_path') ?? undefined;
    const removed = await deps.buildServices.clearTaskCache({ team: pipeline.teamName, pipeline: pipeline.name, job: job.name, step: c.req.param('step'), path });
    return c.json({ caches_removed: removed });
  });
}
