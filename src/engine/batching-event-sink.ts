// A BuildEventSink that stores events in batches (one insert per batch instead of
// one per log chunk): a batch goes when it is full, or `maxDelayMs` after its
// first event, or at flush. A full batch is awaited, so the engine's emits wait
// while the store is slow instead of piling events up in memory.
import type { BuildEventSink } from '../ports/engine-ports';
import type { BuildEvent } from '../protocol/build-events';

export interface BatchingOptions {
  maxBatch?: number;
  maxDelayMs?: number;
}

export class BatchingEventSink implements BuildEventSink {
  private buffer: BuildEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown;
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly append: (events: BuildEvent[]) => Promise<unknown>,
    options: BatchingOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 50;
  }

  emit(event: BuildEvent): void | Promise<void> {
    this.buffer.push(event);
    if (this.buffer.length >= this.maxBatch) return this.send();
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
