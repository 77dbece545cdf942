// do: steps in order; the first that does not succeed ends the sequence.
import type { Plan } from '../../core/planner';
import type { BuildRun, Scope } from '../build-run';
import { stopIfAborted } from '../leaf';
import type { StepOutcome } from '../outcome';
import type { RunPlan } from '../run-plan';

export async function runDo(steps: readonly Plan[], scope: Scope, run: BuildRun, runPlan: RunPlan): Promise<StepOutcome> {
  for (const step of steps) {
    stopIfAborted(scope.signal);
    if ((await runPlan(step, scope, run)) === 'failed') return 'failed';
  }
  return 'succeeded';
}
