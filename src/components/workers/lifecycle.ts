// Moves workers through Concourse's states on a timer: a running worker whose heartbeat is
// overdue becomes stalled (and gets no new work); a landing worker becomes landed, and a
// retiring one is removed, once no build it must wait for still runs on it (builds of
// `interruptible` jobs are not waited for). Run by every web node; the updates are
// idempotent, so two nodes doing it at once agree.
import { drainDecision, type BuildOnWorker } from '../../core/scheduling';
import type { Store } from '../../ports/store';

export interface WorkerLifecycleOptions {
  store: Store;
  intervalMs?: number;
  log?: (message: string) => void;
}

export class WorkerLifecycle {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly opts: WorkerLifecycleOptions) {}

  start(): void {
    const every = this.opts.intervalMs ?? 5_000;
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass now (the timer calls it; so may tests). */
  tick(): Promise<void> {
    this.running ??= this.pass().catch((err: unknown) => {
      this.opts.log?.(`worker lifecycle: ${(err as Error).message}`);
    }).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    const { store } = this.opts;
    for (const name of await store.workers.markStalled()) this.opts.log?.(`worker ${name} stalled: no heartbeat in time`);
    const now = Date.now();
    for (const w of await store.workers.list()) {
      if (w.state !== 'landing' && w.state !== 'retiring') continue;
      // A retiring worker that still heartbeats is retired by its next heartbeat, so it
      // hears it; here only those that stopped heartbeating go.
      if (w.state === 'retiring' && w.expiresAt && w.expiresAt.getTime() > now) continue;
      if (!(await mayStop(store, w.name))) continue;
      if (w.state === 'landing') {
        await store.workers.setState(w.name, 'landed');
        this.opts.log?.(`worker ${w.name} landed`);
      } else {
        await store.workers.destroy(w.name);
        this.opts.log?.(`worker ${w.name} retired`);
      }
    }
  }
}

/** Whether a landing or retiring worker may go: no running build it must wait for has a
 *  container there (builds of `interruptible` jobs are not waited for). */
export async function mayStop(store: Store, worker: string): Promise<boolean> {
  const ids = new Set<number>();
  for (const c of await store.containers.list({ workerName: worker })) if (c.buildId !== null) ids.add(c.buildId);
  const builds: BuildOnWorker[] = [];
  const interruptible = new Set<string>();
  for (const id of ids) {
    const build = await store.builds.get(id);
    if (!build || (build.status !== 'started' && build.status !== 'pending')) continue;
    // Keyed by job id: job names repeat across pipelines.
    builds.push({ buildId: id, ...(build.jobId !== null ? { job: String(build.jobId) } : {}) });
    const job = build.jobId !== null ? await store.jobs.getById(build.jobId) : null;
    if (job && job.config.interruptible === true) interruptible.add(String(job.id));
  }
  return drainDecision(builds, (job) => interruptible.has(job)).mayStop;
}
