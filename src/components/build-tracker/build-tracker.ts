// Runs every `started` build that no engine runs: the build a `build_started` NOTIFY
// names is claimed and run at once (two statements, whatever else is running); a full
// scan of running builds happens on start, on a slow safety-net timer, and when a
// notified build is not ready. Never sleep-polling. A build is claimed (BuildClaims)
// before it runs, so two web nodes never run one build twice. Builds whose node stopped
// are errored, not resumed (see DESIGN.md).
import { randomUUID } from 'node:crypto';
import type { Plan } from '../../core/planner';
import { runBuild, type BuildResult, type EngineDeps } from '../../engine';
import type { BuildEventSink } from '../../ports/engine-ports';
import type { Store } from '../../ports/store';
import type { Build } from '../../ports/store-rows';
import { buildEvent } from '../../protocol/build-events';
import { BuildClaims } from './claims';
import { buildOptions } from './build-options';
import { appendEvent, storeEventSink } from './store-event-sink';
import { putRecorder } from './put-outputs';

export const BUILD_STARTED_CHANNEL = 'build_started';
const PLAN_GRACE_MS = 120_000;
export const ORPHANED_MESSAGE = 'the web node running this build stopped before the build finished';

export interface BuildTrackerOptions {
  store: Store;
  /** Ports the engine needs besides the event sink; oneOff is made per build. */
  engine: (build: Build) => Omit<EngineDeps, 'events'>;
  nodeId?: string;
  /** Default 60 s; 0 when this is the only node (PGlite). */
  orphanAfterMs?: number;
  /** The safety net behind NOTIFY; default 30 s. */
  safetyNetMs?: number;
  externalUrl?: string;
  abortGraceMs?: number;
  /** Called after each build with what the engine left behind (one-off outputs, failed containers). */
  onFinished?: (build: Build, result: BuildResult | null) => Promise<void>;
  /** Runs each build (the engine and everything it starts); the web node passes the store's
   *  background lane here, so the API's statements go before thousands of steps' writes. */
  lane?: <T>(fn: () => Promise<T>) => Promise<T>;
  log?: (message: string) => void;
}

interface Running { controller: AbortController; done: Promise<void>; closed: boolean; sink?: BuildEventSink }

/** How many run build ids a node remembers, so a scan that listed a build before it
 *  finished here never runs it again. */
const RAN_MEMORY = 100_000;

export class BuildTracker {
  private readonly running = new Map<number, Running>();
  private readonly ran = new Set<number>();
  private readonly taking = new Set<number>();
  private readonly claims: BuildClaims;
  private readonly unlisten: (() => Promise<void>)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | null = null;
  private rescan = false;
  private stopping = false;

  constructor(private readonly opts: BuildTrackerOptions) {
    this.claims = new BuildClaims(opts.store, opts.nodeId ?? randomUUID(), opts.orphanAfterMs ?? 60_000);
  }

  async start(): Promise<void> {
    const { notifier } = this.opts.store;
    this.unlisten.push(await notifier.listen(BUILD_STARTED_CHANNEL, (id) => this.take(Number(id))));
    this.unlisten.push(await notifier.listen('build_abort', (id) => this.abort(Number(id))));
    await this.claims.heartbeat();
    this.timer = setInterval(() => void this.claims.heartbeat().then(() => this.scan(), () => {}), this.opts.safetyNetMs ?? 30_000);
    this.timer.unref();
    await this.scan();
  }

  /** Builds this node is running now. */
  runningIds(): number[] {
    return [...this.running.keys()];
  }

  /** Looks for work; concurrent wake-ups fold into one more pass. */
  scan(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.scanning) {
      this.rescan = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      do {
        this.rescan = false;
        await this.scanOnce().catch((err) => this.log(`build tracker: ${(err as Error).message}`));
      } while (this.rescan && !this.stopping);
      this.scanning = null;
    })();
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    for (const build of await this.opts.store.builds.listRunning()) {
      if (this.stopping) return;
      if (build.status !== 'started' || this.running.has(build.id) || this.ran.has(build.id)) continue;
      // A plan may be stored just after the start (the scheduler's two writes); give it time.
      if (!build.plan && Date.now() - (build.startTime?.getTime() ?? 0) < PLAN_GRACE_MS) continue;
      const claim = await this.claims.claim(build.id);
      if (claim === 'mine') this.run(build);
      else if (claim === 'orphaned') await this.errorBuild(build.id, ORPHANED_MESSAGE);
    }
  }

  /** Claims and runs the build a notification named; anything unexpected goes to a scan. */
  private take(id: number): void {
    if (!Number.isInteger(id)) return void this.scan();
    if (this.stopping || this.running.has(id) || this.ran.has(id) || this.taking.has(id)) return;
    this.taking.add(id);
    void (async () => {
      try {
        // Both at once: on PostgreSQL two connections, on PGlite no idle gap between them.
        const [claim, build] = await Promise.all([this.claims.claim(id), this.opts.store.builds.get(id)]);
        if (claim === 'taken') return; // another node runs it (the safety net notices if that node dies)
        if (claim === 'orphaned') return void this.scan();
        if (build?.status === 'started' && build.plan) this.run(build);
        else void this.scan(); // not ready (or gone): the scan's rules apply
      } catch (err) {
        this.log(`build tracker: build ${id}: ${(err as Error).message}`);
        void this.scan();
      } finally {
        this.taking.delete(id);
      }
    })();
  }

  /** The abort's listeners (the engine stopping a hundred containers, deleting their rows)
   *  run in the build's lane, not in the lane of the notification that carried it. */
  private abort(id: number): void {
    const entry = this.running.get(id);
    if (entry) void (this.opts.lane ?? ((fn) => fn()))(async () => entry.controller.abort());
  }

  private run(build: Build): void {
    if (this.running.has(build.id) || this.ran.has(build.id)) return; // a scan and a notification raced
    this.ran.add(build.id);
    if (this.ran.size > RAN_MEMORY) this.ran.delete(this.ran.values().next().value!);
    const controller = new AbortController();
    if (build.abortRequested) controller.abort();
    const entry: Running = { controller, closed: false, done: Promise.resolve() };
    this.running.set(build.id, entry);
    const lane = this.opts.lane ?? ((fn) => fn());
    entry.done = lane(() => this.execute(build, entry)).finally(() => this.running.delete(build.id));
  }

  private async execute(build: Build, entry: Running): Promise<void> {
    const { store } = this.opts;
    let result: BuildResult | null = null;
    try {
      if (!build.plan) throw new Error('the build has no plan');
      const sink = storeEventSink(store, build.id);
      entry.sink = sink;
      const puts = putRecorder(store, build, build.plan, (m) => this.log(m));
      const events = {
        emit: (e: Parameters<typeof sink.emit>[0]) => {
          if (entry.closed) return;
          puts.observe(e);
          return sink.emit(e);
        },
        flush: () => sink.flush!(),
      };
      const options = await buildOptions(store, build, { signal: entry.controller.signal, externalUrl: this.opts.externalUrl, abortGraceMs: this.opts.abortGraceMs });
      result = await runBuild(build.plan as unknown as Plan, { ...this.opts.engine(build), events }, { ...options, deferCleanup: true });
      await puts.settled();
      if (!entry.closed) await this.finish(build.id, result.status);
      await result.cleanup.catch((err) => this.log(`build ${build.id} cleanup: ${(err as Error).message}`)); // finished for its watchers; its containers go now
    } catch (err) {
      if (!entry.closed) await this.errorBuild(build.id, `build could not run: ${(err as Error).message}`);
    }
    await this.opts.onFinished?.(build, result).catch((err) => this.log(`build ${build.id} cleanup: ${(err as Error).message}`));
  }

  private async finish(id: number, status: BuildResult['status']): Promise<void> {
    await this.opts.store.builds.finish(id, status).catch((err) => this.log(`build ${id}: ${(err as Error).message}`));
  }

  /** Ends a build as errored with an error event saying why (and the closing status event). */
  private async errorBuild(id: number, message: string): Promise<void> {
    const time = Math.floor(Date.now() / 1000);
    try {
      await appendEvent(this.opts.store, id, buildEvent('error', { message, origin: {}, time }));
      await appendEvent(this.opts.store, id, buildEvent('status', { status: 'errored', time }));
      await this.opts.store.builds.finish(id, 'errored');
    } catch (err) {
      this.log(`build ${id}: ${(err as Error).message}`);
    }
  }

  /**
   * Stops taking builds. Builds still running are errored first (so the store is right even
   * if the process dies now), then their containers are stopped through the abort signal.
   */
  async stop(opts: { waitMs?: number } = {}): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    for (const off of this.unlisten.splice(0)) await off().catch(() => {});
    await this.scanning;
    const entries = [...this.running.entries()];
    for (const [id, entry] of entries) {
      entry.closed = true;
      // What the engine already emitted goes first, so the error and status close the log.
      await entry.sink?.flush?.().catch(() => {});
      await this.errorBuild(id, ORPHANED_MESSAGE);
      entry.controller.abort();
    }
    const all = Promise.all(entries.map(([, e]) => e.done));
    await Promise.race([all, new Promise((r) => setTimeout(r, opts.waitMs ?? 15_000).unref())]);
    await this.claims.stopped().catch(() => {});
  }

  private log(message: string): void {
    (this.opts.log ?? ((m: string) => process.stderr.write(`${m}\n`)))(message);
  }
}
