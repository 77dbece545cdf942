// The frame every leaf step runs in: it turns a timeout into `failed` with
// Concourse's "timeout exceeded" error event, reports an errored step once as an
// `error` event with the step's id as origin, and lets aborts through.
import type { Plan } from '../core/planner';
import type { BuildRun, Scope } from './build-run';
import { BuildAborted, FailFastStop, ReportedError, StepAborted, TimeoutExceeded, type StepOutcome } from './outcome';

export async function runLeaf(plan: Plan, scope: Scope, run: BuildRun, body: () => Promise<StepOutcome>): Promise<StepOutcome> {
  try {
    throwIfAborted(scope.signal);
    return await body();
  } catch (err) {
    const aborted = err instanceof StepAborted ? err : scope.signal.aborted ? new StepAborted(scope.signal.reason) : undefined;
    if (aborted) {
      if (aborted.reason instanceof TimeoutExceeded) {
        run.emitter.emit('error', { message: 'timeout exceeded', origin: { id: plan.id } });
        return 'failed';
      }
      if (aborted.reason instanceof BuildAborted || aborted.reason instanceof FailFastStop) {
        run.emitter.emit('error', { message: 'interrupted', origin: { id: plan.id } });
      }
      throw aborted;
    }
    if (err instanceof ReportedError) throw err;
    run.emitter.emit('error', { message: messageOf(err), origin: { id: plan.id } });
    throw new ReportedError(err);
  }
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new StepAborted(signal.reason);
}

/** Stops a combinator between steps when the build (not a timeout) was aborted. */
export function stopIfAborted(signal: AbortSignal): void {
  if (signal.aborted && !(signal.reason instanceof TimeoutExceeded)) throw new StepAborted(signal.reason);
}

export function messageOf(err: unknown): string {
  if (err instanceof ReportedError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Runs a combinator's own set-up (interpolating its fields); an error is reported with its id. */
export function reportErrors<T>(id: string, run: BuildRun, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ReportedError) throw err;
    run.emitter.emit('error', { message: messageOf(err), origin: { id } });
    throw new ReportedError(err);
  }
}
