// The GC pass for `build_log_retention` (and the old `build_logs_to_retain`): per job with a
// policy, selectBuildsToReap says which finished builds lose their event logs; the build rows
// stay (numbering, version history and `passed:` need them). Already emptied builds are
// remembered per process so a pass does not delete twice, and, as in Concourse, a pass that
// reaped something moves the job's `first_logged_build_id` up to the oldest build that kept
// its log; builds below it count as reaped after a restart too.
import { selectBuildsToReap, type RetainableBuild, type RetentionPolicy } from '../../core/scheduling';
import type { Store } from '../../ports/store';
import type { Job } from '../../ports/store-rows';

const reaped = new WeakMap<Store, Set<number>>();

export function retentionPolicy(job: Job): RetentionPolicy | null {
  const r = job.config.build_log_retention;
  if (r && typeof r === 'object' && !Array.isArray(r)) {
    const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
    return { builds: num(r.builds), days: num(r.days), minimumSucceededBuilds: num(r.minimum_succeeded_builds) };
  }
  if (typeof job.config.build_logs_to_retain === 'number') return { builds: job.config.build_logs_to_retain };
  return null;
}

async function jobBuilds(store: Store, jobId: number): Promise<RetainableBuild[]> {
  const out: RetainableBuild[] = [];
  let page: { since?: number; limit: number } | null = { limit: 500 };
  while (page) {
    const r = await store.builds.list({ jobId }, page);
    for (const b of r.items) out.push({ id: b.id, status: b.status, ...(b.endTime ? { endTime: b.endTime.getTime() } : {}) });
    page = r.older;
  }
  return out;
}

/** Returns the ids of the builds whose logs were deleted. */
export async function reapBuildLogs(store: Store, now: number): Promise<number[]> {
  const done = reaped.get(store) ?? new Set<number>();
  reaped.set(store, done);
  const pipelines = await store.pipelines.list();
  const jobs = await store.jobs.listForPipelines(pipelines.map((p) => p.id));
  const out: number[] = [];
  for (const job of jobs) {
    const policy = retentionPolicy(job);
    if (!policy) continue;
    const builds = (await jobBuilds(store, job.id)).map((b) => ({ ...b, reaped: done.has(b.id) || b.id < job.firstLoggedBuildId }));
    const decision = selectBuildsToReap(policy, builds, now);
    for (const id of decision.reap) {
      await store.events.deleteForBuild(id);
      done.add(id);
      out.push(id);
    }
    const first = decision.firstLoggedBuildId;
    if (decision.reap.length > 0 && first !== undefined && first > job.firstLoggedBuildId) await store.jobs.setFirstLoggedBuild(job.id, first);
  }
  return out;
}
