// Indexes over a snapshot, shared by every job resolved from it. Indexing a
// pipeline's history is most of a scheduling pass, so the work is lazy and light
// on allocation: builds are only grouped by job up front; a job's succeeded
// builds are ordered on first use, and the by-version index of one job and
// resource is built only when a search needs it.
import type { BuildHistoryEntry, ResourceVersion, VersionFields, VersionSnapshot } from './types';

export interface ResourceIndex {
  readonly name: string;
  /** Versions in ascending check order (oldest first). */
  readonly ordered: readonly ResourceVersion[];
  /** Version id → index in `ordered`. */
  readonly position: ReadonlyMap<number, number>;
  /** Index of the newest enabled version, -1 when there is none. */
  readonly latestEnabled: number;
  readonly pinned: VersionFields | undefined;
}

const NONE: readonly number[] = [];

/** Newest first: by the original build's id (reruns sit with their original), then by id. */
function newestFirst(a: BuildHistoryEntry, b: BuildHistoryEntry): number {
  return (b.rerunOf ?? b.id) - (a.rerunOf ?? a.id) || b.id - a.id;
}

function succeededNewestFirst(builds: readonly BuildHistoryEntry[]): BuildHistoryEntry[] {
  const out: BuildHistoryEntry[] = [];
  let ascending = true;
  let prev = -Infinity;
  for (const b of builds) {
    if (b.status !== 'succeeded') continue;
    if (b.rerunOf !== undefined || b.id < prev) ascending = false;
    prev = b.id;
    out.push(b);
  }
  // Stores hand builds over in id order; then reversing is the whole sort.
  return ascending ? out.reverse() : out.sort(newestFirst);
}

export class JobIndex {
  /** Succeeded builds, newest first; a rerun sorts with its original build, not at the top. */
  readonly succeeded: readonly BuildHistoryEntry[];
  private byVersionCache: Map<string, Map<number, number[]>> | undefined;
  /** Resources queried once already: the second query builds the index. */
  private queried: Set<string> | undefined;
  private positionCache: Map<number, number> | undefined;

  constructor(
    readonly name: string,
    /** Every build of the job, any status. */
    readonly builds: readonly BuildHistoryEntry[],
  ) {
    this.succeeded = succeededNewestFirst(builds);
  }

  /** Version ids of the resource that build `idx` produced or used; outputs first, as Concourse prefers them. */
  versionsIn(idx: number, resource: string): readonly number[] {
    const build = this.succeeded[idx]!;
    let out: number[] | undefined;
    for (const o of build.outputs) {
      if (o.resource !== resource) continue;
      if (!out) out = [o.versionId];
      else if (!out.includes(o.versionId)) out.push(o.versionId);
    }
    for (const i of build.inputs) {
      if (i.resource !== resource) continue;
      if (!out) out = [i.versionId];
      else if (!out.includes(i.versionId)) out.push(i.versionId);
    }
    return out ?? NONE;
  }

  /** Build `idx` produced or used this version of the resource (no allocation). */
  buildHas(idx: number, resource: string, versionId: number): boolean {
    const build = this.succeeded[idx]!;
    for (const o of build.outputs) if (o.versionId === versionId && o.resource === resource) return true;
    for (const i of build.inputs) if (i.versionId === versionId && i.resource === resource) return true;
    return false;
  }

  /** Indices in `succeeded` of builds holding any of the versions, newest first. */
  buildsWithVersions(resource: string, versionIds: readonly number[]): readonly number[] {
    if (!this.byVersionCache?.has(resource)) {
      // A search that never backtracks asks once per job and resource: a scan is
      // cheaper than an index then. Asked again, it builds the index.
      this.queried ??= new Set();
      if (!this.queried.has(resource)) {
        this.queried.add(resource);
        const out: number[] = [];
        for (let idx = 0; idx < this.succeeded.length; idx++) {
          if (versionIds.some((v) => this.buildHas(idx, resource, v))) out.push(idx);
        }
        return out;
      }
    }
    if (versionIds.length === 1) return this.buildsWithVersion(resource, versionIds[0]!);
    const found = new Set<number>();
    for (const v of versionIds) for (const idx of this.buildsWithVersion(resource, v)) found.add(idx);
    return [...found].sort((a, b) => a - b);
  }

  /** Indices in `succeeded` of builds holding the version, newest first. */
  buildsWithVersion(resource: string, versionId: number): readonly number[] {
    this.byVersionCache ??= new Map();
    let perVersion = this.byVersionCache.get(resource);
    if (!perVersion) {
      perVersion = new Map();
      this.byVersionCache.set(resource, perVersion);
      for (let idx = 0; idx < this.succeeded.length; idx++) {
        for (const v of this.versionsIn(idx, resource)) {
          const list = perVersion.get(v);
          if (list) list.push(idx);
          else perVersion.set(v, [idx]);
        }
      }
    }
    return perVersion.get(versionId) ?? NONE;
  }

  /** Versions of the resource found in any succeeded build. */
  passedVersions(resource: string): Iterable<number> {
    this.buildsWithVersion(resource, -1);
    return this.byVersionCache!.get(resource)!.keys();
  }

  /** Index in `succeeded` of a build id. */
  positionOf(buildId: number): number | undefined {
    if (!this.positionCache) {
      this.positionCache = new Map();
      this.succeeded.forEach((b, i) => this.positionCache!.set(b.id, i));
    }
    return this.positionCache.get(buildId);
  }

  /** Some build of this job (any status) used the version for this input. */
  hasUsed(input: string, resource: string, versionId: number): boolean {
    // Newest builds first: a version in use again is usually in the last build.
    for (let i = this.builds.length - 1; i >= 0; i--) {
      for (const use of this.builds[i]!.inputs) {
        if (use.versionId === versionId && use.name === input && use.resource === resource) return true;
      }
    }
    return false;
  }

  /** The highest-check-order version of the resource any build used, and the newest build using it. */
  newestUse(res: ResourceIndex): { readonly checkOrder: number; readonly build: BuildHistoryEntry } | undefined {
    let best: { checkOrder: number; build: BuildHistoryEntry } | undefined;
    for (const build of this.builds) {
      for (const use of build.inputs) {
        if (use.resource !== res.name) continue;
        const pos = res.position.get(use.versionId);
        if (pos === undefined) continue;
        const checkOrder = res.ordered[pos]!.checkOrder;
        if (!best || checkOrder > best.checkOrder || (checkOrder === best.checkOrder && build.id > best.build.id)) {
          best = { checkOrder, build };
        }
      }
    }
    return best;
  }
}

export interface VersionIndex {
  readonly resources: ReadonlyMap<string, ResourceIndex>;
  readonly job: (name: string) => JobIndex;
}

function indexResource(name: string, versions: readonly ResourceVersion[], pinned?: VersionFields): ResourceIndex {
  let sorted = true;
  for (let i = 1; i < versions.length && sorted; i++) sorted = versions[i - 1]!.checkOrder < versions[i]!.checkOrder;
  const ordered = sorted ? versions : [...versions].sort((a, b) => a.checkOrder - b.checkOrder || a.id - b.id);
  const position = new Map<number, number>();
  let latestEnabled = -1;
  for (let i = 0; i < ordered.length; i++) {
    const v = ordered[i]!;
    position.set(v.id, i);
    if (!v.disabled) latestEnabled = i;
  }
  return { name, ordered, position, latestEnabled, pinned };
}

export function buildVersionIndex(snapshot: VersionSnapshot): VersionIndex {
  const resources = new Map<string, ResourceIndex>();
  for (const r of snapshot.resources) resources.set(r.name, indexResource(r.name, r.versions, r.pinned));
  const byJob = new Map<string, BuildHistoryEntry[]>();
  for (const b of snapshot.builds) {
    const list = byJob.get(b.job);
    if (list) list.push(b);
    else byJob.set(b.job, [b]);
  }
  const jobs = new Map<string, JobIndex>();
  const job = (name: string): JobIndex => {
    let index = jobs.get(name);
    if (!index) jobs.set(name, (index = new JobIndex(name, byJob.get(name) ?? [])));
    return index;
  };
  return { resources, job };
}

// Snapshots are immutable values; caching the index per snapshot object keeps
// `resolveInputs(snapshot, job)` cheap when a pass resolves every job of it.
const cache = new WeakMap<VersionSnapshot, VersionIndex>();

export function indexFor(snapshot: VersionSnapshot): VersionIndex {
  let index = cache.get(snapshot);
  if (!index) cache.set(snapshot, (index = buildVersionIndex(snapshot)));
  return index;
}
