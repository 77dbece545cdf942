// timeout: the step's signal fires after the duration; the interrupted leaf
// reports "timeout exceeded" and the step counts as failed, as in Concourse.
import { parseGoDuration } from '../../core/config';
import type { Plan } from '../../core/planner';
import type { BuildRun, Scope } from '../build-run';
import { childSignal, StepAborted, TimeoutExceeded, type StepOutcome } from '../outcome';
import type { RunPlan } from '../run-plan';
import { reportErrors } from '../leaf';

export async function runTimeout(config: { duration: string; step: Plan }, scope: Scope, run: BuildRun, runPlan: RunPlan): Promise<StepOutcome> {
  const { duration, ms } = reportErrors(config.step.id, run, () => {
    const text = String(run.interpolate(config.duration, scope));
    const parsed = parseGoDuration(text);
    if (parsed === undefined) throw new Error(`invalid timeout duration: ${text}`);
    return { duration: text, ms: parsed };
  });
  const child = childSignal(scope.signal);
  const timer = setTimeout(() => child.abort(new TimeoutExceeded(duration)), ms);
  try {
    return await runPlan(config.step, { ...scope, signal: child.signal }, run);
  } catch (err) {
    if (err instanceof StepAborted && err.reason instanceof TimeoutExceeded && !scope.signal.aborted) return 'failed';
    throw err;
  } finally {
    clearTimeout(timer);
    child.dispose();
  }
}
