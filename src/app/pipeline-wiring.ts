// Starts what makes pipelines run themselves on a web node: the checker (when there is a
// worker whose resource runner can run checks) and the scheduler. Both are woken by the
// store's notifications; stop() ends them before the store closes.
import { Checker } from '../components/checker';
import { Scheduler } from '../components/scheduler';
import type { ResourceRunner } from '../ports/resource-runner';
import type { Store } from '../ports/store';

export interface PipelineWiringOptions {
  store: Store;
  /** Runs the checks; without one this node does not check (another node may). */
  runner?: ResourceRunner;
  externalUrl?: string;
  log: (message: string) => void;
  /** Default check interval (`check_every` when a resource has none); default 1m. */
  defaultCheckEveryMs?: number;
}

export interface PipelineWiring {
  checker?: Checker;
  scheduler: Scheduler;
  stop(): Promise<void>;
}

export async function startPipelineWiring(opts: PipelineWiringOptions): Promise<PipelineWiring> {
  const scheduler = new Scheduler({ store: opts.store, log: opts.log });
  await scheduler.start();
  let checker: Checker | undefined;
  if (opts.runner) {
    checker = new Checker({
      store: opts.store, runner: opts.runner, externalUrl: opts.externalUrl, log: opts.log,
      ...(opts.defaultCheckEveryMs ? { defaultCheckEveryMs: opts.defaultCheckEveryMs } : {}),
    });
    await checker.start();
  }
  return {
    checker,
    scheduler,
    async stop() {
      await checker?.stop();
      await scheduler.stop();
    },
  };
}
