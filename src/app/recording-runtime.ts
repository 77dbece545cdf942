// A WorkerRuntime that records its containers and volumes in the store, so the API can
// list them (`gantry containers`, `gantry volumes`) and intercept can find them. The
// runtime stays the source of truth: a failed store write is logged, never fatal.
import type { Store } from '../ports/store';
import type { Build, ContainerKind, VolumeKind } from '../ports/store-rows';
import type { Container, ContainerInfo, ContainerSpec, Volumes, VolumeInfo, WorkerRuntime } from '../ports/worker-runtime';

/** Builds whose ids, team, pipeline and job are remembered (they never change): a build's
 *  hundred containers cost one lookup, not a hundred. */
const BUILD_CACHE_SIZE = 500;

export class RecordingRuntime implements WorkerRuntime {
  readonly volumes: Volumes;
  private readonly builds = new Map<number, Promise<Build | null>>();

  constructor(
    private readonly inner: WorkerRuntime,
    private readonly store: Store,
    private readonly workerName: string,
    private readonly log: (message: string) => void,
  ) {
    this.volumes = recordingVolumes(inner.volumes, (volume) => this.recordVolume(volume), (handle) => this.forget('volumes', handle));
  }

  async create(spec: ContainerSpec): Promise<Container> {
    const container = await this.inner.create(spec);
    await this.recordContainer(container.handle, spec.properties ?? {});
    return container;
  }

  lookup(handle: string): Container | undefined {
    return this.inner.lookup(handle);
  }

  list(): ContainerInfo[] {
    return this.inner.list();
  }

  async destroy(handle: string, opts?: { graceMs?: number }): Promise<void> {
    await this.inner.destroy(handle, opts);
    await this.forget('containers', handle);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async recordContainer(handle: string, props: Record<string, string>): Promise<void> {
    try {
      const buildId = props['gantry.build'] ? Number(props['gantry.build']) : null;
      const build = buildId ? await this.build(buildId) : null;
      const kind: ContainerKind = props['gantry.step'] ? 'task' : 'check';
      await this.store.containers.create({
        handle, workerName: this.workerName, kind,
        buildId: build?.id ?? null, planId: props['gantry.plan'] ?? null, stepName: props['gantry.step'] ?? null,
        teamId: build?.teamId ?? null, pipelineId: build?.pipelineId ?? null, jobId: build?.jobId ?? null,
        meta: { ...props }, state: 'created',
      });
    } catch (err) {
      this.log(`worker ${this.workerName}: recording container ${handle}: ${(err as Error).message}`);
    }
  }

  private build(id: number): Promise<Build | null> {
    let found = this.builds.get(id);
    if (!found) {
      found = this.store.builds.get(id);
      found.catch(() => this.builds.delete(id));
      this.builds.set(id, found);
      if (this.builds.size > BUILD_CACHE_SIZE) this.builds.delete(this.builds.keys().next().value!);
    }
    return found;
  }

  async recordVolume(volume: VolumeInfo): Promise<void> {
    try {
      const p = volume.properties;
      const kind: VolumeKind = p['gantry.task-cache'] ? 'task-cache' : volume.handle.startsWith('image-') ? 'image' : 'container';
      await this.store.volumes.create({
        handle: volume.handle, workerName: this.workerName, kind, parentHandle: volume.parent ?? null,
        cacheKey: p['gantry.task-cache'] ?? null, path: p['gantry.output-of'] ?? p['gantry.input-of'] ?? null,
      });
      await this.store.volumes.setState(volume.handle, 'created');
    } catch (err) {
      this.log(`worker ${this.workerName}: recording volume ${volume.handle}: ${(err as Error).message}`);
    }
  }

  private async forget(what: 'containers' | 'volumes', handle: string): Promise<void> {
    await this.store[what].destroy(handle).catch((err: Error) => this.log(`worker ${this.workerName}: ${err.message}`));
  }
}

function recordingVolumes(inner: Volumes, record: (v: VolumeInfo) => Promise<void>, forget: (h: string) => Promise<void>): Volumes {
  return {
    async create(opts) {
      const v = await inner.create(opts);
      await record(v);
      return v;
    },
    async createChild(parent, opts) {
      const v = await inner.createChild(parent, opts);
      await record(v);
      return v;
    },
    lookup: (handle) => inner.lookup(handle),
    list: () => inner.list(),
    streamIn: (handle, subPath, tar) => inner.streamIn(handle, subPath, tar),
    streamOut: (handle, subPath) => inner.streamOut(handle, subPath),
    async destroy(handle) {
      await inner.destroy(handle);
      await forget(handle);
    },
  };
}
