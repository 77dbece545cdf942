// Emits a build's events in order through the sink, stamping the time and
// redacting every string of every payload with the secrets the build has seen.
import { redact } from '../core/vars';
import { buildEvent, type BuildEvent, type BuildEventData, type BuildEventType } from '../protocol/build-events';
import type { BuildEventSink } from '../ports/engine-ports';
import { eventBytes } from './batching-event-sink';

type WithoutTime<T> = Omit<T, 'time'>;

/** Events (or bytes of log) handed to the sink but not yet taken; beyond either, output
 *  pumps wait, so a flooding task costs the node a bounded amount of memory. */
const HIGH_WATER = 512;
const HIGH_WATER_BYTES = 4 << 20;

export class BuildEmitter {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private pendingBytes = 0;
  private failure: unknown;
  readonly secrets: string[] = [];

  constructor(
    private readonly sink: BuildEventSink,
    private readonly now: () => number,
  ) {}

  addSecrets(values: readonly string[]): void {
    for (const value of values) if (!this.secrets.includes(value)) this.secrets.push(value);
  }

  redact(text: string): string {
    return this.secrets.length > 0 ? redact(text, this.secrets) : text;
  }

  emit<K extends BuildEventType>(type: K, data: WithoutTime<BuildEventData[K]>): void {
    const stamped = { ...data, time: Math.floor(this.now() / 1000) } as BuildEventData[K];
    const event = buildEvent(type, type === 'set-pipeline-changed' ? data as BuildEventData[K] : stamped);
    const clean = this.secrets.length > 0 ? (redactDeep(event, this.secrets) as BuildEvent) : event;
    const bytes = eventBytes(clean);
    this.pending++;
    this.pendingBytes += bytes;
    this.tail = this.tail
      .then(() => this.sink.emit(clean))
      .catch((err: unknown) => {
        this.failure ??= err;
      })
      .finally(() => {
        this.pending--;
        this.pendingBytes -= bytes;
      });
  }

  /** Resolves at once unless many events (or bytes) wait for the sink; then when they are taken. */
  async room(): Promise<void> {
    if (this.pending > HIGH_WATER || this.pendingBytes > HIGH_WATER_BYTES) await this.tail;
  }

  /** Waits until every event has reached the sink and the sink has stored them; throws the first sink failure. */
  async flush(): Promise<void> {
    await this.tail;
    await this.sink.flush?.().catch((err: unknown) => {
      this.failure ??= err;
    });
    if (this.failure !== undefined) throw this.failure;
  }
}

function redactDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)]));
  }
  return value;
}
