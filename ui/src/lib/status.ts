// Job and pipeline statuses as the dashboard and graph colour them, following
// Concourse: green succeeded, red failed, orange errored, brown aborted,
// yellow running, grey pending, blue paused. Pure.
import type { Job, Pipeline, Resource } from '../../../src/protocol/api';

export type UiStatus = 'succeeded' | 'failed' | 'errored' | 'aborted' | 'running' | 'pending' | 'paused';
export const UI_STATUSES: readonly UiStatus[] = ['succeeded', 'failed', 'errored', 'aborted', 'running', 'pending', 'paused'];

export const STATUS_COLOURS: Record<UiStatus | 'archived', string> = {
  succeeded: '#11c560',
  failed: '#ed4b35',
  errored: '#f5a623',
  aborted: '#8b572a',
  running: '#fad43b',
  pending: '#9b9b9b',
  paused: '#4b8bce',
  archived: '#5a5a5a',
};

export function jobStatus(job: Pick<Job, 'paused' | 'next_build' | 'finished_build'>): UiStatus {
  if (job.paused) return 'paused';
  if (job.next_build?.status === 'started') return 'running';
  const done = job.finished_build?.status;
  if (done === 'succeeded' || done === 'failed' || done === 'errored' || done === 'aborted') return done;
  return 'pending';
}

// Worst first: a pipeline shows its worst job, as the dashboard's banner does.
const SEVERITY: UiStatus[] = ['failed', 'errored', 'aborted', 'running', 'pending', 'succeeded'];

export function pipelineStatus(p: Pick<Pipeline, 'paused'>, jobs: readonly UiStatus[]): UiStatus {
  if (p.paused) return 'paused';
  if (jobs.length === 0) return 'pending';
  for (const s of SEVERITY) if (jobs.includes(s)) return s;
  return 'succeeded';
}

/** Build statuses map to the same colours ("started" is running). */
export function buildUiStatus(status: string | undefined): UiStatus {
  if (status === 'started') return 'running';
  if (status === 'succeeded' || status === 'failed' || status === 'errored' || status === 'aborted') return status;
  return 'pending';
}

/** A resource whose last check failed: Gantry's `failing_to_check`, or a failed check build. */
export function checkFailed(r: (Partial<Resource> & { failing_to_check?: boolean }) | undefined): boolean {
  if (!r) return false;
  return r.failing_to_check === true || r.build?.status === 'failed' || r.build?.status === 'errored';
}
