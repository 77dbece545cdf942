// jobs -p P: each job, whether it is paused, its last and next build status, and the
// scheduler's word on why it runs or not (Gantry's `gantry_status`).
import type { Job } from '../../protocol';
import { CliError } from '../errors';
import { action, flag, output } from '../io';
import { statusCell, yesNo } from '../render';
import { pipelineTarget, pipelineUrl } from './pipeline-target';

export const run = action(async (input) => {
  const out = output({ printTableHeaders: flag(input, 'printTableHeaders') });
  const { session, ref } = await pipelineTarget(input);
  const jobs = await session.client.getOptional<Job[]>(pipelineUrl(session, ref, '/jobs'));
  if (!jobs) throw new CliError('pipeline not found');
  if (flag(input, 'json')) return out.json(jobs);
  // The column appears once the scheduler has said something about a job.
  const why = jobs.some((j) => whyCell(j) !== '');
  out.table(
    ['name', 'paused', 'status', 'next', ...(why ? ['why'] : [])],
    jobs.map((j) => [j.name, yesNo(Boolean(j.paused)), statusCell(j.finished_build?.status), statusCell(j.next_build?.status), ...(why ? [whyCell(j)] : [])]),
  );
});

/** The scheduler's sentence on why the job runs or not. */
function whyCell(j: Job): string {
  const status = (j as Job & { gantry_status?: { reason: string; inputs?: Record<string, string> } }).gantry_status;
  return status?.reason ?? '';
}
