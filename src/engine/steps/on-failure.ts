// on_failure: the hook runs after the step failed; the step stays failed.
import type { Plan } from '../../core/planner';
import type { BuildRun, Scope } from '../build-run';
import type { StepOutcome } from '../outcome';
import type { RunPlan } from '../run-plan';

export async function runOnFailure(step: Plan, hook: Plan, scope: Scope, run: BuildRun, runPlan: RunPlan): Promise<StepOutcome> {
  const outcome = await runPlan(step, scope, run);
  if (outcome === 'failed') await runPlan(hook, scope, run);
  return outcome;
}
