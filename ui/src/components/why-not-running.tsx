// "Why is it not running": the scheduler's sentence on the job JSON
// (`gantry_status`), plus Concourse's build preparation for a pending build
// (GET /api/v1/builds/:id/preparation) where the API has it.
import type { Job } from '../../../src/protocol/api';
import { apiGetOptional, paths } from '../lib/api';
import { useAsync } from '../lib/use-async';

interface Preparation {
  paused_pipeline?: string;
  paused_job?: string;
  max_running_builds?: string;
  inputs?: Record<string, string>;
  inputs_satisfied?: string;
  missing_input_reasons?: Record<string, string>;
}

function explanations(job: Job & Record<string, unknown>, prep: Preparation | undefined): string[] {
  const out: string[] = [];
  // Gantry's scheduler says why in `gantry_status`: one sentence, and per input what holds it.
  const status = job.gantry_status as { reason?: string; inputs?: Record<string, string> } | undefined;
  if (status?.reason) out.push(status.reason);
  for (const [input, why] of Object.entries(status?.inputs ?? {})) out.push(`${input}: ${why}`);
  if (!prep) return out;
  if (prep.paused_pipeline === 'blocking') out.push('the pipeline is paused');
  if (prep.paused_job === 'blocking') out.push('the job is paused');
  if (prep.max_running_builds === 'blocking') out.push('the job has reached its limit of running builds');
  for (const [input, status] of Object.entries(prep.inputs ?? {})) {
    if (status === 'blocking') out.push(`input ${input}: ${prep.missing_input_reasons?.[input] ?? 'waiting for a version'}`);
  }
  return out;
}

export function WhyNotRunning({ job }: { job: Job }) {
  const pending = job.next_build?.status === 'pending' ? job.next_build : undefined;
  const prep = useAsync(() => (pending ? apiGetOptional<Preparation>(`${paths.build(pending.id)}/preparation`) : Promise.resolve(undefined)), [pending?.id]);
  const lines = explanations(job as Job & Record<string, unknown>, prep.data);
  if (lines.length === 0) return null;
  return (
    <section className="why" data-testid="why-not-running">
      <h3>why is it not running?</h3>
      <ul>{lines.map((l) => <li key={l}>{l}</li>)}</ul>
    </section>
  );
}
