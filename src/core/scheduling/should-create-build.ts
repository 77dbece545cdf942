// Whether the scheduler creates a build for a job now, and whether a person may.
import type { BuildStatus, ResolveResult } from '../versions';

export interface TriggerJob {
  readonly name: string;
  readonly inputs: readonly { readonly name: string; readonly trigger?: boolean }[];
  readonly paused?: boolean;
  readonly disableManualTrigger?: boolean;
}

/** What the decision needs to know about the job's own builds. */
export interface JobBuildSummary {
  readonly id: number;
  readonly name?: string;
  readonly status: BuildStatus;
  readonly manuallyTriggered?: boolean;
  readonly rerunOf?: number;
}

export interface CreateDecision {
  readonly create: boolean;
  /** Why, in words shown by `gantry jobs` and the API. */
  readonly reason: string;
  /** Some input (trigger or not) has a version no build of the job used (the UI's "new inputs" mark). */
  readonly hasNewInputs: boolean;
  /** Trigger inputs whose resolved version is new to the job. */
  readonly triggeredBy: readonly string[];
}

export interface CreateOptions {
  readonly pipelinePaused?: boolean;
}

/**
 * A build is created when every input resolved and a `trigger: true` input has a
 * version no build of this job has used for that input (the resolver's
 * first-occurrence flag), unless a scheduler-made build is already pending: that
 * one will start with the newest inputs anyway.
 */
export function shouldCreateBuild(
  job: TriggerJob,
  resolved: ResolveResult,
  history: readonly JobBuildSummary[],
  options: CreateOptions = {},
): CreateDecision {
  const hasNewInputs = Object.values(resolved.inputs).some((i) => i.firstOccurrence);
  const no = (reason: string): CreateDecision => ({ create: false, reason, hasNewInputs, triggeredBy: [] });
  if (options.pipelinePaused) return no('pipeline paused');
  if (job.paused) return no('job paused');
  if (!resolved.ok) {
    const first = Object.values(resolved.missing)[0]!;
    return no(`input ${first.name} has no version: ${first.explanation}`);
  }
  const triggers = job.inputs.filter((i) => i.trigger);
  if (triggers.length === 0) return no('no input has trigger: true');
  const triggeredBy = triggers.filter((i) => resolved.inputs[i.name]?.firstOccurrence).map((i) => i.name);
  if (triggeredBy.length === 0) return no('no new versions of trigger inputs');
  const pending = history.find((b) => b.status === 'pending' && !b.manuallyTriggered && b.rerunOf === undefined);
  if (pending) return { ...no(`build ${pending.name ?? pending.id} is already pending`), triggeredBy };
  const list = triggeredBy.join(', ');
  return { create: true, reason: `new version of trigger input${triggeredBy.length > 1 ? 's' : ''} ${list}`, hasNewInputs, triggeredBy };
}

export type ManualDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/** `trigger-job` always creates a build (it waits for a fresh check), unless the job forbids it. */
export function canTriggerManually(job: TriggerJob): ManualDecision {
  if (job.disableManualTrigger) return { allowed: false, reason: `manual triggering is disabled for job ${job.name}` };
  return { allowed: true };
}
