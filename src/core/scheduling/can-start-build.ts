// Whether a pending build may start now: paused pipeline or job, `max_in_flight`,
// `serial` and `serial_groups` (shared by jobs of one pipeline, first come first
// served). Each refusal carries a code and a sentence saying what holds it.

export interface ConcurrencyJob {
  readonly name: string;
  readonly serial?: boolean;
  readonly serialGroups?: readonly string[];
  readonly maxInFlight?: number;
  readonly paused?: boolean;
}

/** A build of the pipeline that is waiting or running. */
export interface ActiveBuild {
  readonly id: number;
  readonly job: string;
  readonly name: string;
  /** `pending`: waiting to start; `started`: running (counts against limits). */
  readonly status: 'pending' | 'started';
  readonly rerunOf?: number;
}

export interface StartContext {
  readonly pipelinePaused: boolean;
  /** Every job of the pipeline (serial groups span jobs). */
  readonly jobs: readonly ConcurrencyJob[];
  /** Pending and running builds of the pipeline. */
  readonly builds: readonly ActiveBuild[];
}

export type StartBlock = 'pipeline-paused' | 'job-paused' | 'max-in-flight' | 'serial-group' | 'queued';

export type StartDecision =
  | { readonly start: true }
  | { readonly start: false; readonly code: StartBlock; readonly reason: string };

/** `serial` and `serial_groups` mean one at a time; otherwise `max_in_flight`, 0 = no limit. */
export function effectiveMaxInFlight(job: ConcurrencyJob): number {
  if (job.serial || (job.serialGroups?.length ?? 0) > 0) return 1;
  return job.maxInFlight ?? 0;
}

/** The groups a job's limit is counted over; a limited job without groups is its own group. */
export function serialGroupsOf(job: ConcurrencyJob): readonly string[] {
  if (job.serialGroups?.length) return job.serialGroups;
  return job.serial || (job.maxInFlight ?? 0) > 0 ? [job.name] : [];
}

/** Queue order: by the original build (reruns wait in their original's place), then id. */
export function queueOrder(a: ActiveBuild, b: ActiveBuild): number {
  return (a.rerunOf ?? a.id) - (b.rerunOf ?? b.id) || a.id - b.id;
}

function groupMembers(ctx: StartContext, groups: readonly string[]): Map<string, string> {
  const members = new Map<string, string>();
  for (const job of ctx.jobs) {
    const shared = serialGroupsOf(job).find((g) => groups.includes(g));
    if (shared !== undefined) members.set(job.name, shared);
  }
  return members;
}

export function canStartBuild(job: ConcurrencyJob, build: ActiveBuild, ctx: StartContext): StartDecision {
  if (ctx.pipelinePaused) return { start: false, code: 'pipeline-paused', reason: 'pipeline paused' };
  if (job.paused) return { start: false, code: 'job-paused', reason: 'job paused' };
  const max = effectiveMaxInFlight(job);
  if (max === 0) return { start: true };
  const groups = serialGroupsOf(job);
  const members = groupMembers(ctx, groups);
  members.set(job.name, members.get(job.name) ?? groups[0]!);
  const inGroups = ctx.builds.filter((b) => members.has(b.job) && b.id !== build.id);
  const running = inGroups.filter((b) => b.status === 'started').sort(queueOrder);
  if (running.length >= max) {
    const holder = running[0]!;
    if (job.serialGroups?.length && holder.job !== job.name) {
      const group = members.get(holder.job)!;
      return { start: false, code: 'serial-group', reason: `serial group ${group} is held by job ${holder.job} build ${holder.name}` };
    }
    const names = running.map((b) => (b.job === job.name ? b.name : `${b.job} #${b.name}`)).join(', ');
    return { start: false, code: 'max-in-flight', reason: `max in flight reached (${max}): running ${names}` };
  }
  const paused = new Set(ctx.jobs.filter((j) => j.paused).map((j) => j.name));
  const earlier = inGroups
    .filter((b) => b.status === 'pending' && !paused.has(b.job) && queueOrder(b, build) < 0)
    .sort(queueOrder)[0];
  if (earlier) {
    const group = members.get(earlier.job)!;
    return { start: false, code: 'queued', reason: `waiting for job ${earlier.job} build ${earlier.name}, queued earlier in serial group ${group}` };
  }
  return { start: true };
}
