// GET /api/v1/dashboard/events (Gantry's own; Concourse's UI polls): the dashboard's
// pipelines and jobs as Server-Sent Events. First `event: snapshot` with
// {pipelines, jobs} as /api/v1/pipelines and /api/v1/jobs answer them, then
// `event: changes` with [{id, pipeline, jobs}] for each pipeline whose card data
// changed (pipeline null: gone, archived jobs dropped), filtered per reader by what
// it may see. One hub per store keeps the presented state of every pipeline: store
// notifications (builds created/started/finished, pipelines changed, jobs
// unpaused) mark pipelines dirty and a debounced flush re-reads only those; a sweep
// every 30 s re-reads everything (for changes nothing notifies, e.g. a job paused)
// and sends only what differs. Every reader sees one ordered sequence, so no
// snapshot can be overtaken by an older change. It must never read per reader.
import type { ApiApp, ApiDeps } from '../context';
import type * as P from '../../protocol';
import type { Store } from '../../ports/store';
import type { Pipeline } from '../../ports/store-rows';
import { STORE_CHANNELS } from '../../ports/store';
import { presentJob, presentPipeline } from '../present';

const DEBOUNCE_MS = 150;
const SWEEP_MS = 30_000;
const KEEPALIVE_MS = 20_000;
/** More dirty builds than this in one flush: re-read everything instead of one by one. */
const MAX_BUILD_LOOKUPS = 200;
const BUILD_STARTED = 'build_started';

interface Entry { pipeline: P.Pipeline; jobs: P.Job[]; text: string }
interface Change { id: number; pipeline: P.Pipeline | null; jobs: P.Job[] }
/** A change with what the pipeline looked like before it, to tell who may hear of it. */
interface Observed { change: Change; before: P.Pipeline | undefined }
interface Reader { visible(p: P.Pipeline): boolean; send(text: string): void }

const frame = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

class DashboardHub {
  private entries = new Map<number, Entry>();
  private readonly readers = new Set<Reader>();
  private loaded: Promise<void> | null = null;
  private listening: Promise<void> | null = null;
  /** Notifications were dropped while nobody watched: the next reader reloads. */
  private stale = false;
  private joining = 0;
  private lastFlushMs = 0;
  private dirty = { pipelines: new Set<number>(), builds: new Set<number>(), jobs: new Set<number>(), all: false };
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private sweep: NodeJS.Timeout | null = null;

  constructor(private readonly store: Store, private readonly log: (m: string) => void) {}

  async join(reader: Reader): Promise<void> {
    this.joining++;
    try {
      if (!this.loaded || this.stale) {
        this.stale = false;
        this.loaded = this.load();
        this.loaded.catch(() => (this.loaded = null));
      }
      await this.loaded;
    } finally {
      this.joining--;
    }
    const visible = [...this.entries.values()].filter((e) => reader.visible(e.pipeline));
    reader.send(frame('snapshot', { pipelines: visible.map((e) => e.pipeline), jobs: visible.flatMap((e) => e.jobs) }));
    this.readers.add(reader);
    this.sweep ??= setInterval(() => this.mark('all', 0), SWEEP_MS).unref();
  }

  leave(reader: Reader): void {
    this.readers.delete(reader);
    if (this.readers.size === 0 && this.sweep) {
      clearInterval(this.sweep);
      this.sweep = null;
    }
  }

  private async load(): Promise<void> {
    await (this.listening ??= this.listen());
    // Read after listening: a change between the two is in the read or marked dirty.
    this.entries = await this.read(null);
  }

  private async listen(): Promise<void> {
    const n = this.store.notifier;
    const on = (kind: 'pipelines' | 'builds' | 'jobs') => (payload: string) => this.mark(kind, Number(payload));
    await n.listen(STORE_CHANNELS.pipelineChanged, on('pipelines'));
    await n.listen(STORE_CHANNELS.jobSchedule, (p) => (p === '*' ? this.mark('all', 0) : this.mark('jobs', Number(p))));
    for (const ch of [STORE_CHANNELS.buildCreated, BUILD_STARTED, STORE_CHANNELS.buildFinished]) await n.listen(ch, on('builds'));
  }

  private mark(kind: 'pipelines' | 'builds' | 'jobs' | 'all', id: number): void {
    if (this.readers.size === 0 && this.joining === 0) {
      // Nobody is watching: read nothing now; the next reader loads afresh.
      this.stale = true;
      return;
    }
    if (kind === 'all') this.dirty.all = true;
    else if (Number.isInteger(id)) this.dirty[kind].add(id);
    // Under a storm of builds, flushes are spaced by twice the last one's time, so the
    // store spends at most about a third of its time on dashboards.
    this.timer ??= setTimeout(() => void this.flush(), Math.max(DEBOUNCE_MS, 2 * this.lastFlushMs)).unref();
  }

  private async flush(): Promise<void> {
    if (this.flushing) return void this.flushing.then(() => this.flush());
    this.timer = null;
    const d = this.dirty;
    this.dirty = { pipelines: new Set(), builds: new Set(), jobs: new Set(), all: false };
    const t0 = performance.now();
    this.flushing = this.apply(d).catch((err: Error) => this.log(`dashboard events: ${err.message}`)).finally(() => {
      this.flushing = null;
      this.lastFlushMs = performance.now() - t0;
    });
    await this.flushing;
  }

  private async apply(d: DashboardHub['dirty']): Promise<void> {
    if (!this.loaded) return;
    await this.loaded;
    const all = d.all || d.builds.size > MAX_BUILD_LOOKUPS;
    const ids = new Set(d.pipelines);
    if (!all) {
      for (const b of await Promise.all([...d.builds].map((id) => this.store.builds.get(id)))) if (b?.pipelineId) ids.add(b.pipelineId);
      for (const j of await Promise.all([...d.jobs].map((id) => this.store.jobs.getById(id)))) if (j) ids.add(j.pipelineId);
      if (ids.size === 0) return;
    }
    const fresh = await this.read(all ? null : ids);
    const changes: Observed[] = [];
    for (const id of all ? new Set([...this.entries.keys(), ...fresh.keys()]) : ids) {
      const before = this.entries.get(id);
      const after = fresh.get(id);
      if (before?.text === after?.text) continue;
      const change = after ? { id, pipeline: after.pipeline, jobs: after.jobs } : { id, pipeline: null, jobs: [] };
      changes.push({ change, before: before?.pipeline });
      if (after) this.entries.set(id, after);
      else this.entries.delete(id);
    }
    if (changes.length > 0) this.broadcast(changes);
  }

  private broadcast(changes: Observed[]): void {
    for (const r of this.readers) {
      const mine: Change[] = [];
      for (const { change, before } of changes) {
        if (change.pipeline && r.visible(change.pipeline)) mine.push(change);
        // One it saw before and may no longer see (hidden, destroyed) goes out as gone;
        // of one it never saw, it hears nothing, not even its id.
        else if (before && r.visible(before)) mine.push({ id: change.id, pipeline: null, jobs: [] });
      }
      if (mine.length > 0) r.send(frame('changes', mine));
    }
  }

  /** Presented state of the given pipelines (null: all), in the list's order. */
  private async read(ids: ReadonlySet<number> | null): Promise<Map<number, Entry>> {
    let pipelines: Pipeline[];
    if (ids) pipelines = (await Promise.all([...ids].map((id) => this.store.pipelines.getById(id)))).filter((p): p is Pipeline => p !== null);
    else pipelines = await this.store.pipelines.list({ includeArchived: true });
    const live = pipelines.filter((p) => !p.archived);
    const jobs = await this.store.jobs.listForPipelines(live.map((p) => p.id));
    const summaries = await this.store.builds.summaries(jobs.map((j) => j.id));
    const out = new Map<number, Entry>();
    for (const p of pipelines) {
      const pJobs = p.archived ? [] : jobs.filter((j) => j.pipelineId === p.id).map((j) => presentJob(j, p, summaries.get(j.id)));
      const pipeline = presentPipeline(p);
      out.set(p.id, { pipeline, jobs: pJobs, text: JSON.stringify([pipeline, pJobs]) });
    }
    return out;
  }
}

const hubs = new WeakMap<Store, DashboardHub>();

export function registerDashboardEvents(app: ApiApp, deps: ApiDeps): void {
  const log = deps.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  app.get('/api/v1/dashboard/events', async (c) => {
    const access = c.get('access');
    let hub = hubs.get(deps.store);
    if (!hub) hubs.set(deps.store, (hub = new DashboardHub(deps.store, log)));
    const signal = c.req.raw.signal;
    const encoder = new TextEncoder();
    let reader: Reader | undefined;
    let keepalive: NodeJS.Timeout | undefined;
    const stop = (): void => {
      clearInterval(keepalive);
      if (reader) hub.leave(reader);
    };
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        reader = {
          visible: (p) => access.isAdmin || access.teamRoles.has(p.team_name) || p.public,
          send: (text) => {
            try {
              controller.enqueue(encoder.encode(text));
            } catch {
              stop(); // the stream is closed
            }
          },
        };
        keepalive = setInterval(() => reader!.send(': keep-alive\n\n'), KEEPALIVE_MS).unref();
        signal.addEventListener('abort', () => {
          stop();
          try { controller.close(); } catch { /* already closed */ }
        }, { once: true });
        await hub.join(reader);
      },
      cancel: stop,
    });
    return new Response(stream, {
      headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-store', 'X-Accel-Buffering': 'no', Connection: 'keep-alive' },
    });
  });
}
