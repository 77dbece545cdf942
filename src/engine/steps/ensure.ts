// ensure: the hook runs whatever the step did (succeeded, failed, errored,
// aborted). The result is the step's, made worse by the hook: a failing hook
// fails, an erroring hook errors.
import type { Plan } from '../../core/planner';
import type { BuildRun, Scope } from '../build-run';
import { settle, type StepOutcome } from '../outcome';
import type { RunPlan } from '../run-plan';
import { hookScope } from './hook-scope';

export async function runEnsure(step: Plan, hook: Plan, scope: Scope, run: BuildRun, runPlan: RunPlan): Promise<StepOutcome> {
  const result = await settle(() => runPlan(step, scope, run));
  const hookOutcome = await runPlan(hook, hookScope(scope), run);
  if (result.kind !== 'outcome') throw result.error;
  return result.outcome === 'succeeded' && hookOutcome === 'succeeded' ? 'succeeded' : 'failed';
}
