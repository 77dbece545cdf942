// on_abort: the hook runs after the step was aborted (with a fresh signal, so it
// can run to the end); the abort then goes on up.
import type { Plan } from '../../core/planner';
import type { BuildRun, Scope } from '../build-run';
import { BuildAborted, settle, type StepOutcome } from '../outcome';
import type { RunPlan } from '../run-plan';
import { hookScope } from './hook-scope';

export async function runOnAbort(step: Plan, hook: Plan, scope: Scope, run: BuildRun, runPlan: RunPlan): Promise<StepOutcome> {
  const result = await settle(() => runPlan(step, scope, run));
  if (result.kind === 'outcome') return result.outcome;
  if (result.kind === 'aborted' && result.error.reason instanceof BuildAborted) await runPlan(hook, hookScope(scope), run);
  throw result.error;
}
