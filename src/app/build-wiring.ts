// Starts what makes builds run on a web node: the local worker (when asked) and the
// build tracker, plus the clean-up after builds: one-off outputs are kept for download
// for ARTIFACT_TTL_MS, failed task containers for intercept for KEEP_FAILED_MS, and
// everything else a build left is removed when it ends.
import { BuildTracker, storeOneOffArtifacts } from '../components';
import { inBackground } from '../store';
import { parseGoDuration } from '../core/config';
import type { BuildResult } from '../engine';
import type { Store } from '../ports/store';
import type { Build } from '../ports/store-rows';
import type { WorkerRuntime } from '../ports/worker-runtime';
import type { BuildServices } from '../api/routes/build-services';
import { startLocalWorker, type LocalWorker } from './local-worker';
import { RemoteLeftovers, workerServices, type RemoteWorkers } from '../components/workers';

export const ARTIFACT_TTL_MS = 30 * 60_000;
/** How long failed task containers stay for intercept: $GANTRY_FAILED_CONTAINER_TTL (a Go duration), default 10m. */
export const KEEP_FAILED_MS = durationFromEnv('GANTRY_FAILED_CONTAINER_TTL') ?? 10 * 60_000;

function durationFromEnv(name: string): number | undefined {
  const text = process.env[name];
  return text ? parseGoDuration(text) : undefined;
}
const LEFTOVER_TIMES = { keepFailedMs: KEEP_FAILED_MS, artifactTtlMs: ARTIFACT_TTL_MS };

export interface BuildWiringOptions {
  store: Store;
  /** The in-process worker's directory; no local worker when absent. */
  workerDir?: string;
  /** This node is the only one on the database (PGlite): foreign claims are orphans at once. */
  soleNode: boolean;
  externalUrl?: string;
  /** Registered `gantry worker`s; steps are placed on them and the local worker alike. */
  remoteWorkers?: RemoteWorkers;
  log: (message: string) => void;
}

export interface BuildWiring {
  services?: BuildServices;
  tracker?: BuildTracker;
  /** The local worker; the checker runs checks with its resource runner. */
  worker?: LocalWorker['worker'];
  stop(): Promise<void>;
}

export async function startBuildWiring(opts: BuildWiringOptions): Promise<BuildWiring> {
  if (!opts.workerDir) return opts.remoteWorkers ? startRemoteOnly(opts, opts.remoteWorkers) : { stop: async () => {} };
  const local = await startLocalWorker({ store: opts.store, dir: opts.workerDir, log: opts.log });
  const keeper = new Leftovers(local.worker.runtime, opts.store, local.name);
  const remoteKeeper = opts.remoteWorkers && new RemoteLeftovers(opts.remoteWorkers, opts.store, LEFTOVER_TIMES);
  const tracker = new BuildTracker({
    store: opts.store,
    engine: (build) => ({ workers: opts.remoteWorkers?.pool([{ worker: local.worker }]) ?? local.pool, oneOff: storeOneOffArtifacts(opts.store, build) }),
    orphanAfterMs: opts.soleNode ? 0 : 60_000,
    externalUrl: opts.externalUrl,
    lane: inBackground,
    onFinished: async (build, result) => {
      await keeper.afterBuild(build, result);
      await remoteKeeper?.afterBuild(build, result);
    },
    log: opts.log,
  });
  await tracker.start();
  const sweep = setInterval(() => void keeper.sweep().then(() => remoteKeeper?.sweep()).catch(() => {}), 60_000);
  sweep.unref();
  return {
    services: opts.remoteWorkers ? workerServices(opts.store, opts.remoteWorkers, local.services) : local.services,
    tracker,
    worker: local.worker,
    async stop() {
      clearInterval(sweep);
      await tracker.stop();
      // Kept containers, their volumes' host mounts and artifacts would not survive a restart anyway.
      await keeper.sweep(Number.POSITIVE_INFINITY).catch(() => {});
      await local.stop();
    },
  };
}

/** What builds leave behind on the local worker, and when it goes. */
class Leftovers {
  private readonly expiring: { until: number; containers: string[]; volumes: string[] }[] = [];

  constructor(private readonly runtime: WorkerRuntime, private readonly store: Store, private readonly worker: LocalWorker['name']) {}

  async afterBuild(build: Build, result: BuildResult | null): Promise<void> {
    if (!result) return;
    const containers = result.retained.containers.map((c) => c.handle);
    const retained = result.retained.volumes.map((v) => v.volume);
    if (containers.length === 0 && retained.length === 0) return; // most builds: nothing to look up
    const artifacts = new Set((await this.store.volumes.list({ workerName: this.worker })).filter((v) => v.kind === 'artifact' && v.buildId === build.id).map((v) => v.handle));
    const volumes = retained.filter((h) => !artifacts.has(h));
    if (containers.length > 0) {
      const until = Date.now() + KEEP_FAILED_MS;
      for (const handle of containers) await this.store.containers.keepUntil(handle, new Date(until)).catch(() => {});
      this.expiring.push({ until, containers, volumes });
      return;
    }
    await this.removeVolumes(volumes);
  }

  /** Removes expired kept containers and downloaded-or-forgotten one-off artifacts. */
  async sweep(now = Date.now()): Promise<void> {
    for (const entry of this.expiring.filter((e) => e.until <= now)) {
      this.expiring.splice(this.expiring.indexOf(entry), 1);
      for (const handle of entry.containers) await this.runtime.destroy(handle, { graceMs: 0 }).catch(() => {});
      await this.removeVolumes(entry.volumes);
    }
    const old = (await this.store.volumes.list({ workerName: this.worker }))
      .filter((v) => v.kind === 'artifact' && now - v.createdAt.getTime() > ARTIFACT_TTL_MS);
    await this.removeVolumes(old.map((v) => v.handle));
  }

  /** Children before parents (a parent with children cannot go). */
  private async removeVolumes(handles: string[]): Promise<void> {
    const infos = handles.map((h) => this.runtime.volumes.lookup(h)).filter((v) => v !== undefined);
    const ordered = [...infos.filter((v) => v.parent), ...infos.filter((v) => !v.parent)];
    for (const v of ordered) await this.runtime.volumes.destroy(v.handle).catch(() => {});
  }
}

/** A web node whose workers are all `gantry worker`s: builds are placed on them only. What
 *  a failed build keeps there is left to the worker's restart (no local keeper). */
async function startRemoteOnly(opts: BuildWiringOptions, remote: RemoteWorkers): Promise<BuildWiring> {
  const tracker = new BuildTracker({
    store: opts.store,
    engine: (build) => ({ workers: remote.pool(), oneOff: storeOneOffArtifacts(opts.store, build) }),
    orphanAfterMs: opts.soleNode ? 0 : 60_000,
    externalUrl: opts.externalUrl,
    lane: inBackground,
    onFinished: (build, result) => keeper.afterBuild(build, result),
    log: opts.log,
  });
  const keeper = new RemoteLeftovers(remote, opts.store, LEFTOVER_TIMES);
  await tracker.start();
  const sweep = setInterval(() => void keeper.sweep().catch(() => {}), 60_000);
  sweep.unref();
  const stop = async (): Promise<void> => {
    clearInterval(sweep);
    await tracker.stop();
  };
  return { tracker, services: workerServices(opts.store, remote), stop };
}
