// put: runs the resource's `out` with the build's artifacts (detected from
// params when not said otherwise, as Concourse does; all; or a list) and records
// the created version for the implicit get.
import type { Plan, PutPlan } from '../../core/planner';
import type { ArtifactLocation } from '../artifacts';
import { volumeOn } from '../artifacts';
import type { BuildRun, Scope } from '../build-run';
import { runLeaf } from '../leaf';
import type { StepOutcome } from '../outcome';
import { callResource, scriptMetadata, typeSpecs } from './resource-call';

export function runPut(plan: Plan, scope: Scope, run: BuildRun): Promise<StepOutcome> {
  return runLeaf(plan, scope, run, async () => {
    const put = run.interpolate(plan.put!, scope);
    const origin = { id: plan.id };
    run.emitter.emit('initialize-put', { origin });
    const worker = await run.pickWorker(plan.id, { ...(put.tags ? { tags: put.tags } : {}), purpose: 'put' });
    const inputs: Record<string, string> = {};
    for (const [name, location] of chooseInputs(put, scope)) {
      inputs[name] = await volumeOn(location, worker, run.deps.workers, run.tracker);
    }
    run.emitter.emit('start-put', { origin });
    const result = await callResource(plan, scope, run, (output) =>
      worker.resources.put({
        type: put.type, source: put.source, resourceTypes: typeSpecs(put.resource_types), metadata: scriptMetadata(run, put.expose_build_created_by),
        signal: scope.signal, output, inputs, ...(put.params ? { params: put.params } : {}), ...(put.tags ? { tags: put.tags } : {}),
      }));
    if (!result.ok) {
      run.emitter.emit('finish-put', { origin, exit_status: result.exitStatus, version: {} });
      return 'failed';
    }
    run.putVersions.set(plan.id, result.value.version);
    run.emitter.emit('finish-put', { origin, exit_status: 0, version: result.value.version, metadata: result.value.metadata });
    return 'succeeded';
  });
}

function chooseInputs(put: PutPlan, scope: Scope): Map<string, ArtifactLocation> {
  const all = scope.artifacts.all();
  const inputs = put.inputs ?? 'detect';
  if (inputs === 'all') return all;
  const out = new Map<string, ArtifactLocation>();
  if (inputs === 'detect') {
    for (const name of detect(put.params ?? {})) {
      const location = all.get(name);
      if (location) out.set(name, location);
    }
    return out;
  }
  for (const name of inputs) {
    const location = all.get(name);
    if (!location) throw new Error(`input not found: ${name}`);
    out.set(name, location);
  }
  return out;
}

/** Names params mention: a string itself, or its first path segment other than . and .. */
function detect(params: unknown): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const parts = value.split('/');
      found.add(parts.length > 1 ? (parts.find((p) => p !== '.' && p !== '..') ?? value) : value);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  visit(params);
  return [...found];
}
