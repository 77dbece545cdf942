// Runs sub-steps concurrently, at most `limit` at a time, for in_parallel and
// across. With fail_fast the first failed or errored sub-step stops the rest
// (they see a FailFastStop abort, which is not reported as an abort). The result:
// an error if any sub-step errored, else failed if any failed, else succeeded.
import { childSignal, FailFastStop, settle, StepAborted, type StepOutcome } from './outcome';
import { stopIfAborted } from './leaf';

export async function runPool<T>(
  items: readonly T[],
  limit: number,
  failFast: boolean,
  signal: AbortSignal,
  runItem: (item: T, signal: AbortSignal) => Promise<StepOutcome>,
): Promise<StepOutcome> {
  const child = childSignal(signal);
  let next = 0;
  let failed = false;
  let stopped = false;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < items.length && !stopped && !child.signal.aborted) {
      const item = items[next++] as T;
      const result = await settle(() => runItem(item, child.signal));
      if (result.kind === 'outcome' && result.outcome === 'succeeded') continue;
      if (result.kind === 'outcome') failed = true;
      else if (result.kind === 'errored') errors.push(result.error);
      else if (!(result.error.reason instanceof FailFastStop)) errors.push(result.error);
      if (failFast && (result.kind !== 'aborted' || !(result.error.reason instanceof FailFastStop))) {
        stopped = true;
        child.abort(new FailFastStop());
      }
    }
  };
  const width = Math.max(1, Math.min(limit > 0 ? limit : items.length, items.length));
  try {
    await Promise.all(Array.from({ length: width }, worker));
  } finally {
    child.dispose();
  }
  stopIfAborted(signal);
  const real = errors.find((e) => !(e instanceof StepAborted));
  if (real !== undefined) throw real;
  if (errors.length > 0) throw errors[0];
  return failed || stopped ? 'failed' : 'succeeded';
}
