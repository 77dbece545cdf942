// check: runs the resource's check (from a version when given); the versions
// found go to the CheckResultSink port, in the order the check returned them.
import type { Plan } from '../../core/planner';
import type { BuildRun, Scope } from '../build-run';
import { runLeaf } from '../leaf';
import type { StepOutcome } from '../outcome';
import { callResource, scriptMetadata, typeSpecs } from './resource-call';

export function runCheck(plan: Plan, scope: Scope, run: BuildRun): Promise<StepOutcome> {
  return runLeaf(plan, scope, run, async () => {
    const check = run.interpolate(plan.check!, scope);
    const worker = await run.pickWorker(plan.id, { ...(check.tags ? { tags: check.tags } : {}), purpose: 'check' });
    const result = await callResource(plan, scope, run, (output) =>
      worker.resources.check({
        type: check.type, source: check.source, resourceTypes: typeSpecs(check.resource_types), metadata: scriptMetadata(run),
        signal: scope.signal, output, ...(check.from_version ? { from: check.from_version } : {}),
      }));
    if (!result.ok) return 'failed';
    await run.deps.checkResults?.save(check, result.value);
    return 'succeeded';
  });
}
