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

  /** One pass; returns what changed (for logs and tests). */
  tick(): Promise<void> {
    this.running ??= this.pass().catch((err: unknown) => {
      this.opts.log?.(`worker lifecycle: ${(err as Error).message}`);
    }).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    const { store } = this.opts;
    for (const name of await store.workers.markStalled()) this.opts.log?.(`worker ${name} stalled: no heartbeat in time`);
    for (const w of await store.workers.list()) {
      if (w.state !== 'landing' && w.state !== 'retiring') continue;
      const decision = drainDecision(await this.buildsOn(w.name), () => false);
      if (!decision.mayStop) continue;
      if (w.state === 'landing') {
        await store.workers.setState(w.name, 'landed');
        this.opts.log?.(`worker ${w.name} landed`);
      } else {
        await store.workers.destroy(w.name);
        this.opts.log?.(`worker ${w.name} retired`);
      }
    }
  }

  /** Running builds with a container on the worker. */
  private async buildsOn(worker: string): Promise<BuildOnWorker[]> {
    const { store } = this.opts;
    const ids = new Set<number>();
    for (const c of await store.containers.list({ workerName: worker })) if (c.buildId !== null) ids.add(c.buildId);
    const out: BuildOnWorker[] = [];
    for (const id of ids) {
      const build = await store.builds.get(id);
      if (!build || (build.status !== 'started' && build.status !== 'pending')) continue;
      const interruptible = build.jobId !== null && (await store.jobs.getById(build.jobId))?.config.interruptible === true;
      if (!interruptible) out.push({ buildId: id, ...(build.jobName ? { job: build.jobName } : {}) });
    }
    return out;
  }
}
