// GET /api/v1/teams/:team/pipelines/:pipeline/jobs/:job/inputs: the versions the job's
// next build would get, as fly's `execute --inputs-from` reads them: per input its
// resource, type, source, get params and tags, and the resolved version (the version
// algorithm over the pipeline's history). Pipeline resource types come along so the
// one-off build can fetch custom types.
import type { ApiApp, ApiDeps } from '../context';
import type { Json, JsonObject } from '../../ports/store-rows';
import { resolveInputs } from '../../core/versions';
import { jobInputConfigs } from '../../components/scheduler/job-inputs';
import { jobFor } from '../scope';
import { HttpError } from '../http-error';

const NESTED = ['do', 'in_parallel', 'aggregate', 'steps', 'try', 'on_success', 'on_failure', 'on_error', 'on_abort', 'ensure'];

function getSteps(job: JsonObject): Map<string, JsonObject> {
  const found = new Map<string, JsonObject>();
  const walk = (step: Json | undefined): void => {
    if (Array.isArray(step)) return step.forEach(walk);
    if (!step || typeof step !== 'object') return;
    if (typeof step.get === 'string' && !found.has(step.get)) found.set(step.get, step);
    for (const key of NESTED) if (key in step) walk(step[key]);
  };
  walk([job.plan ?? [], ...['on_success', 'on_failure', 'on_error', 'on_abort', 'ensure'].map((k) => job[k] ?? null)]);
  return found;
}

const byName = (list: Json | undefined): Map<string, JsonObject> =>
  new Map((Array.isArray(list) ? list : []).filter((x): x is JsonObject => !!x && typeof x === 'object' && !Array.isArray(x)).map((x) => [String(x.name), x]));

export function registerJobInputs(app: ApiApp, deps: ApiDeps): void {
  app.get('/api/v1/teams/:team/pipelines/:pipeline/jobs/:job/inputs', async (c) => {
    const { pipeline, job } = await jobFor(c, deps, 'GetJob');
    const config = pipeline.config ?? {};
    const resources = byName(config.resources);
    const resourceTypes = [...byName(config.resource_types).values()];
    const resolved = resolveInputs(await deps.store.history.snapshot(pipeline.id), { name: job.name, inputs: jobInputConfigs(job.config) });
    if (!resolved.ok) {
      const why = Object.values(resolved.missing).map((m) => `${m.name}: ${m.explanation}`);
      throw new HttpError(409, `the job's inputs cannot be resolved: ${why.join('; ')}`);
    }
    const steps = getSteps(job.config);
    return c.json(Object.values(resolved.inputs).map((input) => {
      const resource = resources.get(input.resource) ?? {};
      const step = steps.get(input.name) ?? {};
      return {
        name: input.name, resource: input.resource, type: resource.type, source: resource.source ?? {},
        params: step.params ?? undefined, tags: step.tags ?? resource.tags ?? undefined, version: input.version,
        resource_types: resourceTypes,
      };
    }));
  });
}
