// on_success: the hook runs after the step succeeded; its outcome is the result.
import type { Plan } from '../../core/planner';
import type { BuildRun, Scope } from '../build-run';
import type { StepOutcome } from '../outcome';
import type { RunPlan } from '../run-plan';

export async function runOnSuccess(step: Plan, hook: Plan, scope: Scope, run: BuildRun, runPlan: RunPlan): Promise<StepOutcome> {
  if ((await runPlan(step, scope, run)) === 'failed') return 'failed';
  return runPlan(hook, scope, run);
}
