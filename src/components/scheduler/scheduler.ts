// The scheduler loop: event-driven. Notifications (new versions, pins, finished builds,
// config saves, unpause, manual triggers and reruns) mark the pipelines they touch dirty;
// a single worker drains the dirty set, one pipeline pass at a time, repeating a pipeline
// while its pass changes something. A slow safety timer marks every pipeline dirty, and a
// slower one reaps build logs (build_log_retention). No polling in between.
import type { Store } from '../../ports/store';
import { STORE_CHANNELS } from '../../ports/store';
import { JobStatusBook } from './job-status';
import { runPipelinePass } from './pipeline-pass';
import { reapBuildLogs } from './log-reaper';

export interface SchedulerOptions {
  store: Store;
  /** The safety net: every pipeline is looked at this often. */
  safetyIntervalMs?: number;
  /** How often build logs past build_log_retention are reaped. */
  reapIntervalMs?: number;
  log?: (message: string) => void;
  now?: () => number;
}

const ALL = -1;
const MAX_REPEATS = 50;

export class Scheduler {
  private readonly dirty = new Set<number>();
  private draining: Promise<void> | null = null;
  private stopped = false;
  private timers: NodeJS.Timeout[] = [];
  private unlisten: (() => Promise<void>)[] = [];
  private readonly book: JobStatusBook;
  private readonly log: (m: string) => void;
  private passes = 0;

  constructor(private readonly o: SchedulerOptions) {
    this.book = new JobStatusBook(o.store);
    this.log = o.log ?? (() => {});
  }

  /** Passes run so far (tests and benchmarks read it). */
  get passCount(): number {
    return this.passes;
  }

  async start(): Promise<void> {
    const { store } = this.o;
    const on = async (channel: string, toPipelines: (payload: string) => Promise<number[]>): Promise<void> => {
      this.unlisten.push(await store.notifier.listen(channel, (p) => {
        toPipelines(p).then((ids) => this.mark(ids), (e) => this.log(`scheduler: ${channel} ${p}: ${String(e)}`));
      }));
    };
    const idOf = (p: string): number => Number(p);
    await on(STORE_CHANNELS.pipelineChanged, async (p) => [idOf(p)]);
    await on(STORE_CHANNELS.jobSchedule, async (p) => (p === '*' ? [ALL] : [(await store.jobs.getById(idOf(p)))?.pipelineId ?? ALL]));
    await on(STORE_CHANNELS.resourceChanged, async (p) => [(await store.resources.getById(idOf(p)))?.pipelineId ?? ALL]);
    await on(STORE_CHANNELS.resourceVersions, async (p) => (await store.resources.listByScope(idOf(p))).map((r) => r.pipelineId));
    await on(STORE_CHANNELS.buildFinished, async (p) => [(await store.builds.get(idOf(p)))?.pipelineId ?? ALL].filter((x) => x !== null) as number[]);
    // A triggered build or a rerun is followed by its job's schedule request (job_schedule);
    // a second pass for its creation would find nothing more to do.
    await on(STORE_CHANNELS.buildCreated, async (p) => {
      const b = await store.builds.get(idOf(p));
      return b?.pipelineId && b.status === 'pending' && !b.manuallyTriggered ? [b.pipelineId] : [];
    });
    this.every(this.o.safetyIntervalMs ?? 10_000, () => this.mark([ALL]));
    this.every(this.o.reapIntervalMs ?? 5 * 60_000, () => void this.reap());
    this.mark([ALL]);
    void this.reap();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.splice(0)) clearInterval(t);
    for (const u of this.unlisten.splice(0)) await u().catch(() => undefined);
    await this.draining?.catch(() => undefined);
  }

  /** Marks pipelines (or ALL) for a pass and makes sure the drain runs. */
  mark(pipelineIds: number[]): void {
    if (this.stopped) return;
    for (const id of pipelineIds) this.dirty.add(id);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
      if (this.dirty.size > 0) this.mark([]);
    });
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref?.();
    this.timers.push(t);
  }

  private async drain(): Promise<void> {
    await Promise.resolve();
    while (this.dirty.size > 0 && !this.stopped) {
      let ids = [...this.dirty];
      this.dirty.clear();
      if (ids.includes(ALL)) ids = (await this.o.store.pipelines.list()).filter((p) => !p.archived).map((p) => p.id);
      for (const id of new Set(ids)) await this.passUntilSettled(id);
    }
  }

  private async passUntilSettled(pipelineId: number): Promise<void> {
    for (let i = 0; i < MAX_REPEATS && !this.stopped; i++) {
      // A pass takes milliseconds; one still running after 30 s is stuck somewhere: say so.
      const stuck = setTimeout(() => this.log(`scheduler: the pass over pipeline ${pipelineId} has run for 30 s`), 30_000);
      stuck.unref?.();
      try {
        this.passes++;
        const r = await runPipelinePass(this.o.store, pipelineId, this.book);
        if (r.skipped) {
          // Another node holds the pipeline: look again soon rather than lose the event.
          setTimeout(() => this.mark([pipelineId]), 200).unref?.();
          return;
        }
        if (!r.changed) return;
      } catch (err) {
        this.log(`scheduler: pipeline ${pipelineId}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        return;
      } finally {
        clearTimeout(stuck);
      }
    }
  }

  private async reap(): Promise<void> {
    try {
      await reapBuildLogs(this.o.store, (this.o.now ?? Date.now)());
    } catch (err) {
      this.log(`scheduler: reaping build logs: ${String(err)}`);
    }
  }
}
