// retry (`attempts:`): the next attempt runs after a failed or errored one; the
// last attempt's result (or error) is the step's. An abort is never retried.
import type { Plan } from '../../core/planner';
import type { BuildRun, Scope } from '../build-run';
import { stopIfAborted } from '../leaf';
import { settle, type StepOutcome } from '../outcome';
import type { RunPlan } from '../run-plan';

export async function runRetry(attempts: readonly Plan[], scope: Scope, run: BuildRun, runPlan: RunPlan): Promise<StepOutcome> {
  let last: Awaited<ReturnType<typeof settle>> = { kind: 'outcome', outcome: 'failed' };
  for (const attempt of attempts) {
    stopIfAborted(scope.signal);
    last = await settle(() => runPlan(attempt, scope, run));
    if (last.kind === 'aborted') throw last.error;
    if (last.kind === 'outcome' && last.outcome === 'succeeded') return 'succeeded';
  }
  if (last.kind !== 'outcome') throw last.error;
  return last.outcome;
}
