// `build_log_retention`: which finished builds of a job have their logs reaped.
// A build is kept when any configured rule keeps it (Concourse's documented
// meaning): it is among the newest `builds` (of which the newest
// `minimum_succeeded_builds` succeeded ones always take a place), or it ended
// within the last `days`. Running builds are never reaped. `now` is passed in.

export interface RetentionPolicy {
  readonly builds?: number;
  readonly days?: number;
  readonly minimumSucceededBuilds?: number;
}

export interface RetainableBuild {
  readonly id: number;
  readonly status: 'pending' | 'started' | 'succeeded' | 'failed' | 'errored' | 'aborted';
  /** End time in ms since the epoch; absent while running. */
  readonly endTime?: number;
  /** Logs already reaped by an earlier pass. */
  readonly reaped?: boolean;
}

export interface ReapDecision {
  /** Build ids whose logs to delete, newest first. */
  readonly reap: readonly number[];
  /** The oldest build still holding logs (Concourse's first_logged_build_id), if any. */
  readonly firstLoggedBuildId: number | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function isFinished(b: RetainableBuild): boolean {
  return b.status !== 'pending' && b.status !== 'started';
}

/** The newest `builds` finished builds, the newest `minimum_succeeded_builds` succeeded ones first. */
function keptByCount(policy: RetentionPolicy, finished: readonly RetainableBuild[]): Set<number> {
  const limit = policy.builds ?? 0;
  const kept = new Set<number>();
  if (limit <= 0) return kept;
  const minSucceeded = Math.min(policy.minimumSucceededBuilds ?? 0, limit);
  for (const b of finished) {
    if (kept.size >= minSucceeded) break;
    if (b.status === 'succeeded') kept.add(b.id);
  }
  for (const b of finished) {
    if (kept.size >= limit) break;
    kept.add(b.id);
  }
  return kept;
}

export function selectBuildsToReap(policy: RetentionPolicy, builds: readonly RetainableBuild[], now: number): ReapDecision {
  const live = builds.filter((b) => !b.reaped).sort((a, b) => b.id - a.id);
  const days = policy.days ?? 0;
  if ((policy.builds ?? 0) <= 0 && days <= 0) {
    return { reap: [], firstLoggedBuildId: live.at(-1)?.id };
  }
  const byCount = keptByCount(policy, live.filter(isFinished));
  const recent = (b: RetainableBuild): boolean => days > 0 && (b.endTime === undefined || b.endTime + days * DAY_MS >= now);
  const reap: number[] = [];
  let firstLoggedBuildId: number | undefined;
  for (const b of live) {
    if (!isFinished(b) || byCount.has(b.id) || recent(b)) firstLoggedBuildId = b.id;
    else reap.push(b.id);
  }
  return { reap, firstLoggedBuildId };
}
