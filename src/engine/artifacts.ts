// The build's artifact repository: artifact name → a volume on a worker. Scoped
// like local vars (across gives each combination its own child scope). Every
// volume the build creates is tracked, so the build can remove them when it ends
// (children before parents, as copy-on-write parents cannot go first).
import type { EngineWorker, WorkerPool } from '../ports/engine-ports';

export interface ArtifactLocation {
  worker: string;
  volume: string;
}

export class VolumeTracker {
  private readonly created: ArtifactLocation[] = [];

  track(location: ArtifactLocation): void {
    this.created.push(location);
  }

  list(): ArtifactLocation[] {
    return [...this.created];
  }

  async removeAll(workers: WorkerPool): Promise<void> {
    for (const { worker, volume } of [...this.created].reverse()) {
      await workers.byName(worker)?.runtime.volumes.destroy(volume).catch(() => undefined);
    }
    this.created.length = 0;
  }
}

export class ArtifactScope {
  private readonly byName = new Map<string, ArtifactLocation>();

  constructor(private readonly parent?: ArtifactScope) {}

  child(): ArtifactScope {
    return new ArtifactScope(this);
  }

  register(name: string, location: ArtifactLocation): void {
    this.byName.set(name, location);
  }

  lookup(name: string): ArtifactLocation | undefined {
    return this.byName.get(name) ?? this.parent?.lookup(name);
  }

  /** Every visible artifact, inner scopes hiding outer ones. */
  all(): Map<string, ArtifactLocation> {
    const out = this.parent ? this.parent.all() : new Map<string, ArtifactLocation>();
    for (const [name, location] of this.byName) out.set(name, location);
    return out;
  }
}

/** The artifact's volume on `worker`, streamed over (and tracked) when it lives elsewhere. */
export async function volumeOn(
  location: ArtifactLocation,
  worker: EngineWorker,
  workers: WorkerPool,
  tracker: VolumeTracker,
): Promise<string> {
  if (location.worker === worker.name) return location.volume;
  const source = workers.byName(location.worker);
  if (!source) throw new Error(`worker ${location.worker} holding a build artifact is gone`);
  const copy = await worker.runtime.volumes.create({ properties: { 'gantry.copy-of': location.volume } });
  tracker.track({ worker: worker.name, volume: copy.handle });
  await worker.runtime.volumes.streamIn(copy.handle, '.', source.runtime.volumes.streamOut(location.volume, '.'));
  return copy.handle;
}
