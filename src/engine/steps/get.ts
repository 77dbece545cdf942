// get: fetches a resource version into a volume (the artifact of that name).
// The version is the plan's, the one its put created (version_from), or else
// the latest a check finds.
import type { Plan, Version } from '../../core/planner';
import type { EngineWorker } from '../../ports/engine-ports';
import type { BuildRun, Scope } from '../build-run';
import { runLeaf } from '../leaf';
import type { StepOutcome } from '../outcome';
import { callResource, scriptMetadata, typeSpecs } from './resource-call';

export function runGet(plan: Plan, scope: Scope, run: BuildRun): Promise<StepOutcome> {
  return runLeaf(plan, scope, run, async () => {
    const get = run.interpolate(plan.get!, scope);
    const origin = { id: plan.id };
    run.emitter.emit('initialize-get', { origin });
    const worker = await run.pickWorker(plan.id, { ...(get.tags ? { tags: get.tags } : {}), purpose: 'get' });
    const common = {
      type: get.type, source: get.source, resourceTypes: typeSpecs(get.resource_types), metadata: scriptMetadata(run),
      signal: scope.signal, ...(get.tags ? { tags: get.tags } : {}),
    };
    const version = get.version ?? (get.version_from ? run.putVersions.get(get.version_from) : undefined)
      ?? (await latestVersion(worker, common, get.name));
    run.emitter.emit('start-get', { origin });
    const result = await callResource(plan, scope, run, (output) =>
      worker.resources.get({ ...common, output, version, ...(get.params ? { params: get.params } : {}) }));
    if (!result.ok) {
      run.emitter.emit('finish-get', { origin, exit_status: result.exitStatus, version: {} });
      return 'failed';
    }
    const { volume, metadata } = result.value;
    run.tracker.track({ worker: worker.name, volume });
    scope.artifacts.register(get.name, { worker: worker.name, volume });
    run.emitter.emit('finish-get', { origin, exit_status: 0, version: result.value.version, metadata });
    return 'succeeded';
  });
}

async function latestVersion(
  worker: EngineWorker,
  common: Parameters<EngineWorker['resources']['check']>[0],
  name: string,
): Promise<Version> {
  const versions = await worker.resources.check(common);
  const last = versions[versions.length - 1];
  if (!last) throw new Error(`no version of ${name} to fetch: its check found none`);
  return last;
}
