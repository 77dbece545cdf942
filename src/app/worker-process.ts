// Composition root of `gantry worker`: the runc runtime and resource runner under the work
// dir, served over HTTP behind the shared key, registered with a web node and kept alive by
// heartbeats. On start, whatever an earlier run left is cleaned up first (the runtime sweeps
// containers; build volumes go, task caches and the image cache stay).
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { BuiltinRegistry, WorkerResourceRunner, mockType, registryImageType } from '../resources';
import { everydayTypes } from '../resources/everyday';
import { logReclaim, RuncRuntime } from '../worker';
import { startBeacon, startWorkerServer, type Beacon, type WorkerRegistration } from '../worker/http';
import { GANTRY_VERSION } from '../cli/version';

export interface WorkerProcessOptions {
  webUrl: string;
  key: string;
  name?: string;
  workDir: string;
  tags?: string[];
  team?: string;
  bindIp?: string;
  bindPort?: number;
  /** The URL web nodes reach this worker at; default http://<bind ip>:<port>. */
  peerUrl?: string;
  heartbeatMs?: number;
  ttlSeconds?: number;
  log: (message: string) => void;
}

export interface WorkerProcess {
  name: string;
  url: string;
  /** Resolves when the worker should exit: stopped, landed or retired. */
  readonly done: Promise<'stopped' | 'landed' | 'retired'>;
  stop(): Promise<void>;
}

export async function startWorkerProcess(opts: WorkerProcessOptions): Promise<WorkerProcess> {
  const name = opts.name ?? hostname();
  mkdirSync(opts.workDir, { recursive: true });
  const runtime = await RuncRuntime.open({ workDir: opts.workDir, onReclaim: logReclaim(opts.log) });
  await removeBuildVolumes(runtime);
  const builtins = new BuiltinRegistry([mockType, registryImageType, ...everydayTypes({ dir: join(opts.workDir, 'resources') })]);
  const resources = new WorkerResourceRunner({ runtime, builtins });
  const server = await startWorkerServer({
    name, key: opts.key, runtime, resources, host: opts.bindIp ?? '127.0.0.1', port: opts.bindPort ?? 0, log: opts.log,
  });
  const address = opts.peerUrl ?? server.url;
  const startTime = Math.floor(Date.now() / 1000);
  const describe = (): WorkerRegistration => ({
    name, addr: address, baggageclaim_url: address, active_containers: runtime.list().length,
    active_volumes: runtime.volumes.list().length, active_tasks: 0, resource_types: [], platform: 'linux',
    tags: opts.tags ?? [], team: opts.team ?? '', version: GANTRY_VERSION, start_time: startTime, ephemeral: false,
  });
  let finish!: (why: 'stopped' | 'landed' | 'retired') => void;
  const done = new Promise<'stopped' | 'landed' | 'retired'>((r) => (finish = r));
  let beacon: Beacon;
  try {
    beacon = startBeacon({
      webUrl: opts.webUrl, key: opts.key, describe, log: opts.log,
      ...(opts.heartbeatMs ? { intervalMs: opts.heartbeatMs } : {}),
      // Three missed heartbeats (at least 30 s) before the web node stalls the worker.
      ttlSeconds: opts.ttlSeconds ?? Math.max(30, Math.ceil((3 * (opts.heartbeatMs ?? 10_000)) / 1000)),
      onDone: (reason) => finish(reason),
    });
    await beacon.registered;
  } catch (err) {
    await server.close();
    await runtime.close();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    name, url: address, done,
    stop: () => (stopping ??= (async () => {
      beacon.stop();
      await server.close();
      await runtime.close();
      finish('stopped');
    })()),
  };
}

/** Build volumes do not outlive the worker; task caches and cached images do. */
async function removeBuildVolumes(runtime: RuncRuntime): Promise<void> {
  const gone = runtime.volumes.list().filter((v) => !v.properties['gantry.task-cache'] && !v.handle.startsWith('image-'));
  for (const v of [...gone.filter((x) => x.parent), ...gone.filter((x) => !x.parent)]) {
    await runtime.volumes.destroy(v.handle).catch(() => undefined);
  }
}
