// The web node's view of `gantry worker` processes: the registered rows in the store
// become EngineWorkers over HTTP (one client per worker, kept while its address stays),
// and `pool()` places steps on them, merged with any in-process workers. Only `running`
// workers get new work; a stalled, landing, landed or retiring one is still reachable by
// name, so volumes it holds can be streamed away or cleaned up.
import type { PooledWorker } from '../../engine';
import type { EngineWorker, WorkerPool, WorkerRequest } from '../../ports/engine-ports';
import type { Store } from '../../ports/store';
import type { Worker } from '../../ports/store-rows';
import { WorkerHttp } from './http-client';
import { RemoteResourceRunner } from './remote-resources';
import { RemoteRuntime } from './remote-runtime';

export interface RemoteWorkersOptions {
  store: Store;
  /** The shared worker key the web node was started with. */
  key: string;
  /** Lets the composition root wrap each worker (e.g. to record containers in the store). */
  wrap?: (worker: EngineWorker) => EngineWorker;
  log?: (message: string) => void;
}

interface Client {
  address: string;
  runtime: RemoteRuntime;
  worker: EngineWorker;
}

/** Workers registered over HTTP have an http(s) address; in-process ones do not. */
export const isRemoteAddress = (address: string): boolean => /^https?:\/\//.test(address);

export class RemoteWorkers {
  private readonly clients = new Map<string, Client>();
  private rows: Worker[] = [];
  private turn = 0;

  constructor(private readonly opts: RemoteWorkersOptions) {}

  /** Reads the registered workers again. */
  async sync(): Promise<void> {
    this.rows = (await this.opts.store.workers.list()).filter((w) => isRemoteAddress(w.address));
    for (const row of this.rows) this.client(row);
    for (const name of this.clients.keys()) if (!this.rows.some((r) => r.name === name)) this.clients.delete(name);
  }

  /** Workers that take new work, with what placement needs. */
  placeable(): PooledWorker[] {
    return this.rows.filter((r) => r.state === 'running').map((r) => ({
      worker: this.client(r).worker, tags: r.tags, ...(r.team ? { team: r.team } : {}),
    }));
  }

  byName(name: string): EngineWorker | undefined {
    return this.clients.get(name)?.worker;
  }

  /** The raw runtime of a remote worker (its cache can be refreshed). */
  runtimeOf(name: string): RemoteRuntime | undefined {
    return this.clients.get(name)?.runtime;
  }

  /** A WorkerPool over these workers and the given in-process ones (tags and team as
   *  Concourse places: tagged steps need every tag, untagged steps untagged workers). */
  pool(local: readonly PooledWorker[] = []): WorkerPool {
    return {
      pick: (request) => this.pick(request, local),
      byName: (name) => local.find((w) => w.worker.name === name)?.worker ?? this.byName(name),
    };
  }

  private async pick(request: WorkerRequest, local: readonly PooledWorker[]): Promise<EngineWorker> {
    await this.sync();
    const all = [...local, ...this.placeable()];
    const candidates = all.filter((w) => fits(w, request));
    if (candidates.length === 0) {
      const tags = request.tags ?? [];
      const what = tags.length > 0 ? `with tags: ${tags.join(', ')}` : 'without tags';
      throw new Error(`no workers satisfying: ${what}${request.teamName ? `, team: ${request.teamName}` : ''}`);
    }
    const start = this.turn++;
    const failures: string[] = [];
    for (let i = 0; i < candidates.length; i++) {
      const chosen = candidates[(start + i) % candidates.length]!;
      const remote = this.clients.get(chosen.worker.name);
      if (!remote || remote.worker !== chosen.worker) return chosen.worker;
      try {
        await remote.runtime.refresh();
        return chosen.worker;
      } catch (err) {
        failures.push((err as Error).message);
      }
    }
    throw new Error(`no reachable worker: ${failures.join('; ')}`);
  }

  private client(row: Worker): Client {
    const known = this.clients.get(row.name);
    if (known && known.address === row.address) return known;
    const http = new WorkerHttp(row.address, this.opts.key, row.name);
    const runtime = new RemoteRuntime(http);
    const resources = new RemoteResourceRunner(http, (v) => runtime.volumes.remember(v));
    const plain: EngineWorker = { name: row.name, runtime, resources };
    const client = { address: row.address, runtime, worker: this.opts.wrap ? this.opts.wrap(plain) : plain };
    this.clients.set(row.name, client);
    return client;
  }
}

function fits(w: PooledWorker, request: WorkerRequest): boolean {
  const tags = request.tags ?? [];
  const own = w.tags ?? [];
  if (tags.length === 0 ? own.length > 0 : !tags.every((t) => own.includes(t))) return false;
  return w.team === undefined || w.team === request.teamName;
}
