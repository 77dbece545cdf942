// A WorkerPool over a fixed list of workers (quickstart's in-process worker,
// tests). Placement as Concourse does it: a step with tags needs a worker that
// has all of them; a step without tags only goes to untagged workers; a worker
// bound to a team serves only that team. Among candidates, round robin.
import type { EngineWorker, WorkerPool, WorkerRequest } from '../ports/engine-ports';

export interface PooledWorker {
  worker: EngineWorker;
  tags?: readonly string[];
  team?: string;
}

export class StaticWorkerPool implements WorkerPool {
  private turn = 0;

  constructor(private readonly workers: readonly PooledWorker[]) {}

  async pick(request: WorkerRequest): Promise<EngineWorker> {
    const tags = request.tags ?? [];
    const candidates = this.workers.filter((w) => {
      const own = w.tags ?? [];
      if (tags.length === 0 ? own.length > 0 : !tags.every((t) => own.includes(t))) return false;
      return w.team === undefined || w.team === request.teamName;
    });
    if (candidates.length === 0) {
      const what = tags.length > 0 ? `with tags: ${tags.join(', ')}` : 'without tags';
      throw new Error(`no workers satisfying: ${what}${request.teamName ? `, team: ${request.teamName}` : ''}`);
    }
    return (candidates[this.turn++ % candidates.length] as PooledWorker).worker;
  }

  byName(name: string): EngineWorker | undefined {
    return this.workers.find((w) => w.worker.name === name)?.worker;
  }
}
