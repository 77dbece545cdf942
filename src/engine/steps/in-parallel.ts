// in_parallel: every step at once (at most `limit`), optionally fail_fast.
import type { InParallelPlan } from '../../core/planner';
import type { BuildRun, Scope } from '../build-run';
import type { StepOutcome } from '../outcome';
import { reportErrors } from '../leaf';
import { runPool } from '../pool';
import type { RunPlan } from '../run-plan';

export function runInParallel(config: InParallelPlan, scope: Scope, run: BuildRun, runPlan: RunPlan, id = ''): Promise<StepOutcome> {
  const { limit, failFast } = reportErrors(id, run, () => ({
    limit: Number(run.interpolate(config.limit ?? 0, scope)),
    failFast: run.interpolate(config.fail_fast ?? false, scope) === true,
  }));
  return runPool(config.steps, limit, failFast, scope.signal, (step, signal) => runPlan(step, { ...scope, signal }, run));
}
