// The API's worker-side build services (artifacts for execute, intercept, clearing task
// caches) over every worker: the in-process one's services when there is one, and the
// remote workers, reached by the worker the store names for a container or volume.
// Shaped like api/routes/build-services' BuildServices (structurally; no import of api).
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import type { Store } from '../../ports/store';
import type { Volume } from '../../ports/store-rows';
import type { ProcessSpec, RunningProcess } from '../../ports/worker-runtime';
import type { RemoteWorkers } from './remote-workers';

export interface TaskCacheRef { team: string; pipeline: string; job: string; step: string; path?: string }

export interface WorkerServices {
  uploadArtifact(teamId: number, tarGz: AsyncIterable<Uint8Array>): Promise<Volume>;
  downloadArtifact(volume: Volume): AsyncIterable<Uint8Array>;
  exec(containerHandle: string, spec: ProcessSpec): Promise<RunningProcess>;
  clearTaskCache(ref: TaskCacheRef): Promise<number>;
}

export function workerServices(store: Store, remote: RemoteWorkers, local?: WorkerServices): WorkerServices {
  return {
    async uploadArtifact(teamId, tarGz) {
      if (local) return local.uploadArtifact(teamId, tarGz);
      const team = await store.teams.getById(teamId);
      const worker = await remote.pool().pick({ purpose: 'task', ...(team ? { teamName: team.name } : {}) });
      const volume = await worker.runtime.volumes.create({ properties: { 'gantry.artifact': 'upload' } });
      try {
        await worker.runtime.volumes.streamIn(volume.handle, '.', Readable.from(tarGz).pipe(createGunzip()));
      } catch (err) {
        await worker.runtime.volumes.destroy(volume.handle).catch(() => undefined);
        throw err;
      }
      return store.transaction(async (tx) => {
        await tx.volumes.destroy(volume.handle);
        await tx.volumes.create({ handle: volume.handle, workerName: worker.name, kind: 'artifact', teamId });
        await tx.volumes.setState(volume.handle, 'created');
        return (await tx.volumes.get(volume.handle)) as Volume;
      });
    },
    downloadArtifact(volume) {
      const worker = remote.byName(volume.workerName);
      if (!worker && local) return local.downloadArtifact(volume);
      if (!worker) throw new Error(`worker ${volume.workerName} holding volume ${volume.handle} is gone`);
      return Readable.from(worker.runtime.volumes.streamOut(volume.handle, '.')).pipe(createGzip());
    },
    async exec(handle, spec) {
      const row = await store.containers.get(handle);
      const runtime = row ? remote.runtimeOf(row.workerName) : undefined;
      if (!runtime) {
        if (local) return local.exec(handle, spec);
        throw new Error(`container ${handle} is not on any worker`);
      }
      await runtime.refresh();
      const container = runtime.lookup(handle);
      if (!container) throw new Error(`container ${handle} is not running on worker ${row!.workerName}`);
      return container.exec(spec);
    },
    async clearTaskCache(ref) {
      let removed = local ? await local.clearTaskCache(ref) : 0;
      await remote.sync();
      for (const { worker } of remote.placeable()) {
        const runtime = remote.runtimeOf(worker.name);
        await runtime?.refresh().catch(() => undefined);
        for (const volume of worker.runtime.volumes.list()) {
          const key = volume.properties['gantry.task-cache'];
          if (!key || !cacheMatches(key, ref)) continue;
          await worker.runtime.volumes.destroy(volume.handle).catch(() => undefined);
          removed++;
        }
      }
      return removed;
    },
  };
}

/** Cache keys are `team/<pipeline>/<job>/<step>:<path>` (or without the pipeline), as the engine makes them. */
function cacheMatches(key: string, ref: TaskCacheRef): boolean {
  const colon = key.lastIndexOf(':');
  const [scope, path] = [key.slice(0, colon), key.slice(colon + 1)];
  const scopes = [`${ref.team}/${ref.pipeline}/${ref.job}/${ref.step}`, `${ref.team}/${ref.job}/${ref.step}`];
  if (!scopes.includes(scope)) return false;
  return ref.path === undefined || ref.path === '' || path === ref.path || path === ref.path.replace(/^\.\//, '');
}
