// try: a failed or errored step counts as success; an abort stays an abort.
import type { Plan } from '../../core/planner';
import type { BuildRun, Scope } from '../build-run';
import { settle, type StepOutcome } from '../outcome';
import type { RunPlan } from '../run-plan';

export async function runTry(step: Plan, scope: Scope, run: BuildRun, runPlan: RunPlan): Promise<StepOutcome> {
  const result = await settle(() => runPlan(step, scope, run));
  if (result.kind === 'aborted') throw result.error;
  return 'succeeded';
}
