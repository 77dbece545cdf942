// on_error: the hook runs after the step errored; the error then goes on up.
import type { Plan } from '../../core/planner';
import type { BuildRun, Scope } from '../build-run';
import { settle, type StepOutcome } from '../outcome';
import type { RunPlan } from '../run-plan';

export async function runOnError(step: Plan, hook: Plan, scope: Scope, run: BuildRun, runPlan: RunPlan): Promise<StepOutcome> {
  const result = await settle(() => runPlan(step, scope, run));
  if (result.kind === 'outcome') return result.outcome;
  if (result.kind === 'errored') await runPlan(hook, scope, run);
  throw result.error;
}
