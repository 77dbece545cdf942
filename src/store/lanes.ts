// Two lanes for the store's statements, so the API stays quick while thousands of build steps
// write: interactive (the default: API requests) and background (work run inside
// `inBackground(fn)`, e.g. the build tracker's builds). The drivers hand their connections
// out through a PriorityGate: interactive waiters go first, background work may hold only
// some of the slots, and the gate yields to the event loop before it starts a waiting
// statement, so an HTTP request is read (and its statements queued ahead) even while
// hundreds of background statements wait. Measured in bench/README.md (row 5).
import { AsyncLocalStorage } from 'node:async_hooks';

const lane = new AsyncLocalStorage<'background'>();

/** Runs fn (and everything it starts) in the background lane. */
export function inBackground<T>(fn: () => T): T {
  return lane.run('background', fn);
}

export function isBackground(): boolean {
  return lane.getStore() === 'background';
}

/** Interactive grants in a row while background work waits, before one background grant. */
export const INTERACTIVE_RUN = 4;

/** At most `slots` tasks at once, at most `backgroundSlots` of them background ones. */
export class PriorityGate {
  private active = 0;
  private activeBackground = 0;
  private readonly interactive: (() => void)[] = [];
  private readonly background: (() => void)[] = [];
  private pumpQueued = false;
  private interactiveRun = 0;

  constructor(private readonly slots: number, private readonly backgroundSlots = slots) {}

  async run<T>(fn: () => Promise<T>, background = isBackground()): Promise<T> {
    await new Promise<void>((resolve) => {
      (background ? this.background : this.interactive).push(resolve);
      this.pump();
    });
    try {
      return await fn();
    } finally {
      this.active--;
      if (background) this.activeBackground--;
      this.schedulePump();
    }
  }

  /** Waiting tasks (for tests and probes). */
  get waiting(): { interactive: number; background: number } {
    return { interactive: this.interactive.length, background: this.background.length };
  }

  /** After a release the next task starts from setImmediate: one turn of the event loop
   *  (its I/O poll) between statements, never a long chain of microtasks. */
  private schedulePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.active < this.slots) {
      const backgroundMay = this.background.length > 0 && this.activeBackground < this.backgroundSlots;
      // Interactive first, but never forever: after INTERACTIVE_RUN grants in a row with
      // background work waiting, one background statement goes (a scheduler and an API
      // polled hard must not starve the builds they are waiting for).
      const next = backgroundMay && this.interactiveRun >= INTERACTIVE_RUN ? undefined : this.interactive.shift();
      if (next) {
        this.active++;
        if (backgroundMay) this.interactiveRun++;
        next();
        continue;
      }
      if (!backgroundMay) return;
      this.interactiveRun = 0;
      this.active++;
      this.activeBackground++;
      this.background.shift()!();
    }
  }
}
