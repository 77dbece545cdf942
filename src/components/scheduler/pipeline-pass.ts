// One scheduling pass over one pipeline, inside one transaction holding the pipeline's
// advisory lock (so two web nodes never create the same build): load the snapshot, decide
// per job whether to create a build (shouldCreateBuild), then start the pending builds that
// may start (canStartBuild) with their inputs resolved now (reruns keep their own). Every
// job gets a sentence saying what happened or what holds it.
import { canStartBuild, queueOrder, shouldCreateBuild, type ActiveBuild, type ConcurrencyJob } from '../../core/scheduling';
import { resolveInputs, type ResolveResult, type VersionSnapshot } from '../../core/versions';
import type { Store } from '../../ports/store';
import type { Build, Job, Pipeline } from '../../ports/store-rows';
import { jobInputConfigs } from './job-inputs';
import type { JobStatus, JobStatusBook } from './job-status';
import { startBuild } from './start-build';

export interface PassResult {
  /** Run the pass again: it created a build, or started one the scheduler made. */
  changed: boolean;
  /** Ids of builds this pass started. */
  started: number[];
  skipped?: boolean;
}

function concurrencyJob(j: Job): ConcurrencyJob {
  const c = j.config;
  return {
    name: j.name,
    serial: c.serial === true,
    serialGroups: Array.isArray(c.serial_groups) ? c.serial_groups.map(String) : undefined,
    maxInFlight: typeof c.max_in_flight === 'number' ? c.max_in_flight : undefined,
    paused: j.paused,
  };
}

function active(b: Build): ActiveBuild {
  return { id: b.id, job: b.jobName ?? '', name: b.name, status: b.status as 'pending' | 'started', ...(b.rerunOf ? { rerunOf: b.rerunOf } : {}) };
}

function missingInputs(r: ResolveResult): Record<string, string> | undefined {
  const entries = Object.values(r.missing).map((m) => [m.name, m.explanation] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

interface PassState {
  tx: Store;
  pipeline: Pipeline;
  jobs: Job[];
  snapshot: VersionSnapshot;
  running: Build[];
  resolved: Map<string, ResolveResult>;
  status: Map<number, JobStatus>;
}

async function createBuilds(s: PassState): Promise<boolean> {
  let created = false;
  for (const job of s.jobs) {
    const inputs = jobInputConfigs(job.config);
    const resolved = resolveInputs(s.snapshot, { name: job.name, inputs });
    s.resolved.set(job.name, resolved);
    const mine = s.running.filter((b) => b.jobId === job.id);
    const decision = shouldCreateBuild(
      { name: job.name, inputs, paused: job.paused, disableManualTrigger: job.config.disable_manual_trigger === true },
      resolved,
      mine.map((b) => ({ id: b.id, name: b.name, status: b.status, manuallyTriggered: b.manuallyTriggered, ...(b.rerunOf ? { rerunOf: b.rerunOf } : {}) })),
      { pipelinePaused: s.pipeline.paused },
    );
    if (decision.hasNewInputs !== job.hasNewInputs) await s.tx.jobs.setHasNewInputs(job.id, decision.hasNewInputs);
    if (decision.create) {
      const build = await s.tx.builds.createForJob(job.id, { createdBy: null });
      s.running.push(build);
      created = true;
      s.status.set(job.id, { reason: `created build ${build.name}: ${decision.reason}` });
    } else {
      s.status.set(job.id, { reason: decision.reason, ...(missingInputs(resolved) ? { inputs: missingInputs(resolved)! } : {}) });
    }
  }
  return created;
}

/** Starts what may start; true when a build the scheduler made started (a job holds back
 *  its next scheduler-made build while one is pending, so the next pass may create one). */
async function startBuilds(s: PassState, started: number[]): Promise<boolean> {
  let unblocked = false;
  const byId = new Map(s.jobs.map((j) => [j.id, j]));
  const ctx = { pipelinePaused: s.pipeline.paused, jobs: s.jobs.map(concurrencyJob), builds: s.running.map(active) };
  const pending = s.running.filter((b) => b.status === 'pending').sort((a, b) => queueOrder(active(a), active(b)));
  for (const build of pending) {
    const job = byId.get(build.jobId ?? -1);
    if (!job) continue;
    const decision = canStartBuild(concurrencyJob(job), active(build), ctx);
    if (!decision.start) {
      s.status.set(job.id, { reason: `build ${build.name} is pending: ${decision.reason}` });
      continue;
    }
    const outcome = await startBuild(s.tx, { pipeline: s.pipeline, job, build, resolved: s.resolved.get(job.name)! });
    if (outcome.started) {
      started.push(build.id);
      if (!build.manuallyTriggered && !build.rerunOf) unblocked = true;
      const entry = ctx.builds.find((b) => b.id === build.id);
      if (entry) (entry as { status: string }).status = 'started';
      s.status.set(job.id, { reason: `started build ${build.name}` });
    } else {
      s.status.set(job.id, { reason: `build ${build.name} is pending: ${outcome.reason}`, ...(outcome.inputs ? { inputs: outcome.inputs } : {}) });
    }
  }
  return unblocked;
}

export async function runPipelinePass(store: Store, pipelineId: number, book: JobStatusBook): Promise<PassResult> {
  const statuses = new Map<number, JobStatus>();
  let paused = false;
  const result = await store.transaction(async (tx): Promise<PassResult> => {
    if (!(await tx.tryLock(`gantry-schedule:${pipelineId}`))) return { changed: false, started: [], skipped: true };
    const pipeline = await tx.pipelines.getById(pipelineId);
    if (!pipeline || pipeline.archived) return { changed: false, started: [] };
    const [jobs, snapshot, all] = [await tx.jobs.list(pipelineId), await tx.history.snapshot(pipelineId), await tx.builds.listRunning({ pipelineId })];
    const s: PassState = {
      tx, pipeline, jobs, snapshot, resolved: new Map(), status: new Map(),
      running: all.filter((b) => b.pipelineId === pipelineId && b.jobId !== null),
    };
    const created = await createBuilds(s);
    const started: number[] = [];
    const unblocked = await startBuilds(s, started);
    for (const [jobId, status] of s.status) statuses.set(jobId, status);
    paused = pipeline.paused;
    // Again only if this pass may have made more to do: a created build (an `every` input
    // may have more versions) or a scheduler-made build leaving `pending`. Starting a
    // triggered build changes nothing the next pass would act on.
    return { changed: created || unblocked, started };
  });
  // After the commit, so `build_started` reaches the build tracker without waiting for these.
  for (const [jobId, status] of statuses) {
    // A pipeline that never ran has nothing to explain beyond "paused", which the API shows.
    if (paused && !(await book.has(store, jobId))) continue;
    await book.record(store, jobId, status);
  }
  return result;
}
