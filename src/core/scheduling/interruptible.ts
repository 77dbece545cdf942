// `interruptible: true`: a worker that is retiring or landing does not wait for
// builds of such jobs; it waits for every other running build on it, including
// one-off builds (`execute`), which belong to no job.

export interface BuildOnWorker {
  readonly buildId: number;
  /** Absent for one-off builds. */
  readonly job?: string;
}

export interface DrainDecision {
  /** Builds the worker must let finish before it may go away. */
  readonly waitFor: readonly number[];
  /** Builds that will be interrupted when it goes away. */
  readonly interruptible: readonly number[];
  readonly mayStop: boolean;
}

export function drainDecision(builds: readonly BuildOnWorker[], isInterruptible: (job: string) => boolean): DrainDecision {
  const waitFor: number[] = [];
  const interruptible: number[] = [];
  for (const b of builds) {
    if (b.job !== undefined && isInterruptible(b.job)) interruptible.push(b.buildId);
    else waitFor.push(b.buildId);
  }
  return { waitFor, interruptible, mayStop: waitFor.length === 0 };
}
