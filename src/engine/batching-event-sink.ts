// A BuildEventSink that stores events in batches (one insert per batch instead of
// one per log chunk): a batch goes when it is full (by count or by bytes), or
// `maxDelayMs` after its first event, or at flush. A full batch is awaited, so the
// engine's emits wait while the store is slow instead of piling events up in memory.
// The byte cap keeps each insert small when a task floods its log: 200 log events of
// 64 KiB were one 12.8 MB statement, copied several times on its way into the store.
// The delay (100 ms) is short for a person watching a log, and long enough that a short
// task's set-up events (status, initialize, selected worker, start) share one insert:
// every insert also wakes each event-stream reader for two more queries.
import type { BuildEventSink } from '../ports/engine-ports';
import type { BuildEvent } from '../protocol/build-events';

export interface BatchingOptions {
  maxBatch?: number;
  maxDelayMs?: number;
  /** A batch whose log payloads reach this many bytes goes at once (default 1 MiB). */
  maxBytes?: number;
}

/** Roughly what an event weighs in the store: its log text, or a small constant. */
export function eventBytes(event: BuildEvent): number {
  return event.event === 'log' ? event.data.payload.length + 64 : 256;
}

export class BatchingEventSink implements BuildEventSink {
  private buffer: BuildEvent[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown;
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private readonly maxBytes: number;

  constructor(
    private readonly append: (events: BuildEvent[]) => Promise<unknown>,
    options: BatchingOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 100;
    this.maxBytes = options.maxBytes ?? 1 << 20;
  }

  emit(event: BuildEvent): void | Promise<void> {
    this.buffer.push(event);
    this.bytes += eventBytes(event);
    if (this.buffer.length >= this.maxBatch || this.bytes >= this.maxBytes) return this.send();
    this.timer ??= setTimeout(() => void this.send(), this.maxDelayMs);
    return undefined;
  }

  async flush(): Promise<void> {
    await this.send();
    if (this.failure !== undefined) throw this.failure;
  }

  /** Sends what is buffered after the batch before it, keeping the order. */
  private send(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    this.bytes = 0;
    if (batch.length > 0) {
      this.writing = this.writing.then(async () => {
        try {
          await this.append(batch);
        } catch (err) {
          this.failure ??= err;
        }
      });
    }
    return this.writing;
  }
}
