// GET /api/v1/builds/:id/events as Concourse serves it: Server-Sent Events with
// `id: <event index>`, `event: event`, data {event, version, data}; a late client gets
// the whole history first, then live events; `Last-Event-ID` resumes after that index;
// `event: end` once the build has finished and every event was sent. Readers are woken
// by the store's `build_events`/`build_finished` NOTIFY (one LISTEN per node, shared).
// History goes out in pages of about 1 MB, each payload as the JSON text the store holds.
import type { ApiApp, ApiDeps } from '../context';
import type { Store } from '../../ports/store';
import type { Build, BuildEventText } from '../../ports/store-rows';
import { buildFor } from './builds';
import { registerDashboardEvents } from './dashboard-events';

// Pages are sized by bytes, not by count: events run from a few bytes (status) to 64 KiB
// and more (log chunks), so the next page's count is what the last page's sizes say fits
// in PAGE_BYTES. The first page is small, so the first lines leave at once.
const PAGE_BYTES = 1 << 20;
const FIRST_PAGE = 4;
const MAX_PAGE = 1000;
const KEEPALIVE_MS = 20_000;
const FINISHED = new Set(['succeeded', 'failed', 'errored', 'aborted']);

/** One shared LISTEN per store; waiters per build id. */
class EventHub {
  private readonly waiters = new Map<number, Set<() => void>>();
  private listening: Promise<void> | null = null;

  constructor(private readonly store: Store) {}

  /** Armed at once, so a NOTIFY between the caller's read and its wait is not lost. */
  async arm(buildId: number, timeoutMs: number, signal: AbortSignal): Promise<{ woken: Promise<void>; cancel(): void }> {
    await (this.listening ??= this.listen());
    let done = (): void => {};
    const woken = new Promise<void>((resolve) => {
      const set = this.waiters.get(buildId) ?? new Set();
      this.waiters.set(buildId, set);
      done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        set.delete(done);
        if (set.size === 0) this.waiters.delete(buildId);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      set.add(done);
    });
    return { woken, cancel: () => done() };
  }

  private async listen(): Promise<void> {
    const wake = (payload: string): void => {
      for (const fn of [...(this.waiters.get(Number(payload)) ?? [])]) fn();
    };
    await this.store.notifier.listen('build_events', wake);
    await this.store.notifier.listen('build_finished', wake);
  }
}

const hubs = new WeakMap<Store, EventHub>();
const hubFor = (store: Store): EventHub => {
  let hub = hubs.get(store);
  if (!hub) hubs.set(store, (hub = new EventHub(store)));
  return hub;
};

/** Concourse's event ids are 0-based indexes; the store's are 1-based. */
function resumeAfter(header: string | undefined): number {
  const n = Number(header);
  return header !== undefined && Number.isInteger(n) && n >= 0 ? n + 1 : 0;
}

/** The SSE text of a page of events; payloads go out as the JSON text the store holds. */
function sseText(events: readonly BuildEventText[]): string {
  let text = '';
  for (const e of events) {
    text += `id: ${e.eventId - 1}\nevent: event\ndata: {"data":${e.payload},"event":${JSON.stringify(e.type)},"version":${JSON.stringify(e.version)}}\n\n`;
  }
  return text;
}

/** How many events the next page may hold for about PAGE_BYTES, judged by the last page. */
function nextLimit(count: number, bytes: number): number {
  return Math.max(1, Math.min(MAX_PAGE, Math.floor((PAGE_BYTES * count) / Math.max(1, bytes))));
}

function sseStream(store: Store, build: Build, after: number, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const hub = hubFor(store);
  let cursor = after;
  let limit = FIRST_PAGE;
  // While history is being sent, the next page is read while this one is written.
  let ahead: Promise<BuildEventText[]> | null = null;
  const read = (): Promise<BuildEventText[]> => store.events.listText(build.id, { after: cursor, limit });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (signal.aborted) return controller.close();
        if (ahead) {
          const events = await ahead;
          ahead = null;
          if (events.length > 0) return send(events);
        }
        const wake = await hub.arm(build.id, KEEPALIVE_MS, signal);
        // Events and status in one read: a finished status means these are the last events.
        const page = await store.events.pageText(build.id, { after: cursor, limit });
        const status = page.status ?? 'errored';
        const events = page.events;
        if (events.length > 0) {
          wake.cancel();
          // A page short of its limit read with a finished status holds the last events:
          // the end goes with them, without another read.
          const last = FINISHED.has(status) && events.length < limit;
          send(events);
          if (!last) return;
          controller.enqueue(encoder.encode('event: end\ndata: \n\n'));
          return controller.close();
        }
        if (FINISHED.has(status)) {
          wake.cancel();
          controller.enqueue(encoder.encode('event: end\ndata: \n\n'));
          return controller.close();
        }
        await wake.woken;
      }

      function send(events: BuildEventText[]): void {
        const text = sseText(events);
        const full = events.length === limit;
        cursor = events[events.length - 1]!.eventId;
        limit = nextLimit(events.length, text.length);
        if (full) ahead = read();
        controller.enqueue(encoder.encode(text));
      }
    },
    cancel() {
      ahead?.catch(() => {});
    },
  });
}

export function registerBuildEvents(app: ApiApp, deps: ApiDeps): void {
  registerDashboardEvents(app, deps); // the other event stream the UI reads
  app.get('/api/v1/builds/:id/events', async (c) => {
    const build = await buildFor(c, deps, 'BuildEvents', true);
    const after = resumeAfter(c.req.header('Last-Event-ID'));
    const stream = sseStream(deps.store, build, after, c.req.raw.signal);
    return new Response(stream, {
      headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-store', 'X-Accel-Buffering': 'no', Connection: 'keep-alive' },
    });
  });
}
