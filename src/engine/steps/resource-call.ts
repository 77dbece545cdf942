// Shared handling of resource runner calls: output to the step's log, aborts
// back into the step contract, a failing script as a failed step with its exit status.
import type { Plan } from '../../core/planner';
import { ResourceError, type BuildMetadata, type ResourceTypeSpec } from '../../ports/resource-runner';
import type { ResourceTypePlan } from '../../core/planner';
import type { BuildRun, Scope } from '../build-run';
import { StepAborted } from '../outcome';

export type CallResult<T> = { ok: true; value: T } | { ok: false; exitStatus: number };

export async function callResource<T>(
  plan: Plan,
  scope: Scope,
  run: BuildRun,
  call: (output: (chunk: Uint8Array) => void) => Promise<T>,
): Promise<CallResult<T>> {
  const log = run.log(plan.id, 'stderr');
  try {
    return { ok: true, value: await call((chunk) => log.write(chunk)) };
  } catch (err) {
    if (scope.signal.aborted) throw new StepAborted(scope.signal.reason);
    if (err instanceof ResourceError && err.code === 'aborted') throw new StepAborted(err);
    // The script's stderr already streamed to the log; only its exit status is left to report.
    if (err instanceof ResourceError && err.code === 'script-failed') return { ok: false, exitStatus: err.exitCode ?? 1 };
    throw err;
  } finally {
    log.end();
  }
}

export function typeSpecs(types: readonly ResourceTypePlan[] | undefined): ResourceTypeSpec[] {
  return (types ?? []).map((t) => ({ ...t, source: t.source ?? {} }));
}

/** Build metadata for a resource script: BUILD_CREATED_BY only where the resource exposes it. */
export function scriptMetadata(run: BuildRun, exposeCreatedBy = false): BuildMetadata {
  const { createdBy, ...rest } = run.metadata;
  return exposeCreatedBy && createdBy !== undefined ? { ...rest, createdBy } : rest;
}
