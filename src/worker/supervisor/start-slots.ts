// How many `runc run` may be starting at once on a worker. A build that fans out into a
// hundred containers asked for a hundred runc processes at the same instant; on a 2-core
// host that put ~100 runnable processes in front of everything else, and the web node's
// API answered in seconds (bench row 5). Starting them a few at a time finishes the batch
// no later (runc's start is CPU-bound) and leaves the CPU's run queue short.
// Only starts queue here: a running container, exec, signals and stopping never wait. The
// runtime keeps a second set of slots for removals (cgroups and dirs after a container ended).

export class StartSlots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!(size >= 1)) throw new Error(`start slots must be at least 1, not ${size}`);
  }

  /** Runs `fn` once a slot is free; the slot is freed when `fn` settles. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.used >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.used++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight on
      else this.used--;
    }
  }

  /** How many starts are waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }
}
