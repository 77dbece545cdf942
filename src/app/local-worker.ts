// The in-process worker of `gantry quickstart` and `gantry web --local-worker`: one
// runc runtime under DIR (the data dir's `worker/`), the worker's resource runner, a
// WorkerPool of one, registered in the store (and its containers and volumes recorded)
// so the API lists them. Also the API's BuildServices over that worker.
import { createGunzip, createGzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { mkdirSync } from 'node:fs';
import { StaticWorkerPool } from '../engine';
import type { BuildServices, TaskCacheRef } from '../api/routes/build-services';
import type { EngineWorker, WorkerPool } from '../ports/engine-ports';
import type { Store } from '../ports/store';
import type { Volume } from '../ports/store-rows';
import { WorkerResourceRunner } from '../resources';
import { logReclaim, RuncRuntime } from '../worker';
import { GANTRY_VERSION } from '../cli/version';
import { RecordingRuntime } from './recording-runtime';

export interface LocalWorkerOptions {
  store: Store;
  dir: string;
  name?: string;
  /** SIGTERM → SIGKILL grace when containers are destroyed (default 10 s). */
  graceMs?: number;
  log: (message: string) => void;
}

export interface LocalWorker {
  name: string;
  worker: EngineWorker;
  pool: WorkerPool;
  services: BuildServices;
  stop(): Promise<void>;
}

const HEARTBEAT_TTL_S = 60;

export async function startLocalWorker(opts: LocalWorkerOptions): Promise<LocalWorker> {
  const name = opts.name ?? 'local';
  mkdirSync(opts.dir, { recursive: true });
  const runc = await RuncRuntime.open({ workDir: opts.dir, graceMs: opts.graceMs, onReclaim: logReclaim(opts.log) });
  const runtime = new RecordingRuntime(runc, opts.store, name, opts.log);
  const heartbeat = () =>
    opts.store.workers.heartbeat({
      name, address: 'in-process', platform: 'linux', tags: [], team: null, version: GANTRY_VERSION,
      resourceTypes: [], activeContainers: runc.list().length, activeVolumes: runc.volumes.list().length,
    }, HEARTBEAT_TTL_S);
  // Rows of an earlier run go with the old worker row (cascade); surviving volumes are re-recorded.
  await opts.store.workers.destroy(name);
  await heartbeat();
  await removeLeftovers(runc);
  for (const volume of runc.volumes.list()) await runtime.recordVolume(volume);
  const timer = setInterval(() => void heartbeat().catch(() => {}), (HEARTBEAT_TTL_S / 3) * 1000);
  timer.unref();
  const worker: EngineWorker = { name, runtime, resources: new WorkerResourceRunner({ runtime }) };
  return {
    name, worker,
    pool: new StaticWorkerPool([{ worker }]),
    services: localServices(runtime, opts.store, name),
    async stop() {
      clearInterval(timer);
      await opts.store.workers.setState(name, 'landed').catch(() => {});
      await runc.close();
      const l = runc.lingering.counts;
      if (l.lingered > 0) opts.log(`memory cgroups lingered: ${l.lingered} (freed later ${l.freedLater}, removed still charged ${l.removedCharged})`);
    },
  };
}

/** Only task caches and the image cache outlive a restart; build volumes and artifacts do not. */
async function removeLeftovers(runc: RuncRuntime): Promise<void> {
  const gone = runc.volumes.list().filter((v) => !v.properties['gantry.task-cache'] && !v.handle.startsWith('image-'));
  for (const v of [...gone.filter((x) => x.parent), ...gone.filter((x) => !x.parent)]) await runc.volumes.destroy(v.handle).catch(() => {});
}

function localServices(runtime: RecordingRuntime, store: Store, workerName: string): BuildServices {
  return {
    async uploadArtifact(teamId, tarGz) {
      const volume = await runtime.volumes.create({ properties: { 'gantry.artifact': 'upload' } });
      try {
        await runtime.volumes.streamIn(volume.handle, '.', Readable.from(tarGz).pipe(createGunzip()));
      } catch (err) {
        await runtime.volumes.destroy(volume.handle).catch(() => {});
        throw err;
      }
      return store.transaction(async (tx) => {
        await tx.volumes.destroy(volume.handle);
        await tx.volumes.create({ handle: volume.handle, workerName, kind: 'artifact', teamId });
        await tx.volumes.setState(volume.handle, 'created');
        return (await tx.volumes.get(volume.handle)) as Volume;
      });
    },
    downloadArtifact(volume) {
      return Readable.from(runtime.volumes.streamOut(volume.handle, '.')).pipe(createGzip());
    },
    async exec(handle, spec) {
      const container = runtime.lookup(handle);
      if (!container) throw new Error(`container ${handle} is not running on worker ${workerName}`);
      return container.exec(spec);
    },
    async clearTaskCache(ref) {
      let removed = 0;
      for (const volume of runtime.volumes.list()) {
        const key = volume.properties['gantry.task-cache'];
        if (!key || !cacheMatches(key, ref)) continue;
        await runtime.volumes.destroy(volume.handle).catch(() => {});
        removed++;
      }
      return removed;
    },
  };
}

/** Cache keys are `<team>/<cache_key>:<path>`; the scheduler's cache_key is `team/pipeline/job/step`
 *  (the planner's default is `job/step`). */
function cacheMatches(key: string, ref: TaskCacheRef): boolean {
  const colon = key.lastIndexOf(':');
  const [scope, path] = [key.slice(0, colon), key.slice(colon + 1)];
  const mine = scope.startsWith(`${ref.team}/`) &&
    (scope.endsWith(`/${ref.team}/${ref.pipeline}/${ref.job}/${ref.step}`) || scope === `${ref.team}/${ref.job}/${ref.step}`);
  if (!mine) return false;
  return ref.path === undefined || ref.path === '' || path === ref.path || path === ref.path.replace(/^\.\//, '');
}
