// What builds leave on remote workers, and when it goes: containers of failed tasks are
// kept for intercept for a while (with their volumes), one-off outputs for download for a
// while; everything else a build retained goes as soon as it ends. The local worker has
// its own keeper (app/build-wiring.ts); this one touches only workers RemoteWorkers knows.
import type { ArtifactLocation, BuildResult } from '../../engine';
import type { Store } from '../../ports/store';
import type { Build } from '../../ports/store-rows';
import type { RemoteWorkers } from './remote-workers';

export interface LeftoverTimes {
  /** How long a failed task's container stays for intercept. */
  keepFailedMs: number;
  /** How long a one-off build's output stays for download. */
  artifactTtlMs: number;
}

export class RemoteLeftovers {
  private readonly expiring: { until: number; containers: { worker: string; handle: string }[]; volumes: ArtifactLocation[] }[] = [];

  constructor(private readonly remote: RemoteWorkers, private readonly store: Store, private readonly times: LeftoverTimes) {}

  async afterBuild(build: Build, result: BuildResult | null): Promise<void> {
    if (!result) return;
    await this.remote.sync();
    const isRemote = (worker: string): boolean => this.remote.byName(worker) !== undefined;
    const artifacts = new Set((await this.store.volumes.list()).filter((v) => v.kind === 'artifact' && v.buildId === build.id).map((v) => v.handle));
    const containers = result.retained.containers.filter((c) => isRemote(c.worker));
    const volumes = result.retained.volumes.filter((v) => isRemote(v.worker) && !artifacts.has(v.volume));
    if (containers.length > 0) {
      const until = Date.now() + this.times.keepFailedMs;
      for (const c of containers) await this.store.containers.keepUntil(c.handle, new Date(until)).catch(() => undefined);
      this.expiring.push({ until, containers, volumes });
      return;
    }
    await this.removeVolumes(volumes);
  }

  /** Removes expired kept containers and old one-off outputs. */
  async sweep(now = Date.now()): Promise<void> {
    for (const entry of this.expiring.filter((e) => e.until <= now)) {
      this.expiring.splice(this.expiring.indexOf(entry), 1);
      for (const c of entry.containers) await this.remote.byName(c.worker)?.runtime.destroy(c.handle, { graceMs: 0 }).catch(() => undefined);
      await this.removeVolumes(entry.volumes);
    }
    await this.remote.sync();
    const old = (await this.store.volumes.list())
      .filter((v) => v.kind === 'artifact' && this.remote.byName(v.workerName) && now - v.createdAt.getTime() > this.times.artifactTtlMs);
    await this.removeVolumes(old.map((v) => ({ worker: v.workerName, volume: v.handle })));
  }

  /** Children before parents (a parent with children cannot go). */
  private async removeVolumes(locations: ArtifactLocation[]): Promise<void> {
    const byWorker = new Map<string, string[]>();
    for (const l of locations) byWorker.set(l.worker, [...(byWorker.get(l.worker) ?? []), l.volume]);
    for (const [name, handles] of byWorker) {
      const worker = this.remote.byName(name);
      if (!worker) continue;
      await this.remote.runtimeOf(name)?.refresh().catch(() => undefined);
      const infos = handles.map((h) => worker.runtime.volumes.lookup(h) ?? { handle: h, parent: undefined });
      for (const v of [...infos.filter((x) => x.parent), ...infos.filter((x) => !x.parent)]) {
        await worker.runtime.volumes.destroy(v.handle).catch(() => undefined);
      }
    }
  }
}
