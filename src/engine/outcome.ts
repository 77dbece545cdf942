// The step contract (DESIGN.md §4): a step resolves `succeeded` or `failed`,
// throws for `errored`, and throws StepAborted when its AbortSignal fires.
// Why a signal fired is its reason: the build's abort, a timeout, or a sibling's
// failure under fail_fast; each is handled where it was raised.

export type StepOutcome = 'succeeded' | 'failed';

/** The abort reason of a `timeout:` that ran out. */
export class TimeoutExceeded extends Error {
  constructor(readonly duration: string) {
    super('timeout exceeded');
    this.name = 'TimeoutExceeded';
  }
}

/** The abort reason given to siblings when fail_fast stops an in_parallel or across. */
export class FailFastStop extends Error {
  constructor() {
    super('stopped: a sibling step did not succeed');
    this.name = 'FailFastStop';
  }
}

/** The abort reason of a user's abort of the whole build. */
export class BuildAborted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'BuildAborted';
  }
}

/** Thrown by a step whose signal fired; `reason` says why. */
export class StepAborted extends Error {
  constructor(readonly reason: unknown) {
    super('interrupted');
    this.name = 'StepAborted';
  }
}

/** An error already reported as an `error` event, so outer layers do not repeat it. */
export class ReportedError extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'ReportedError';
  }
}

export function isAborted(err: unknown): err is StepAborted {
  return err instanceof StepAborted;
}

/** Runs `fn` and reports how it ended, without throwing. */
export async function settle(fn: () => Promise<StepOutcome>): Promise<
  { kind: 'outcome'; outcome: StepOutcome } | { kind: 'aborted'; error: StepAborted } | { kind: 'errored'; error: unknown }
> {
  try {
    return { kind: 'outcome', outcome: await fn() };
  } catch (error) {
    if (isAborted(error)) return { kind: 'aborted', error };
    return { kind: 'errored', error };
  }
}

/** A signal that fires when `parent` fires, or when the returned abort is called. */
export function childSignal(parent: AbortSignal): { signal: AbortSignal; abort: (reason: unknown) => void; dispose: () => void } {
  const controller = new AbortController();
  const onParent = (): void => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onParent, { once: true });
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    dispose: () => parent.removeEventListener('abort', onParent),
  };
}
