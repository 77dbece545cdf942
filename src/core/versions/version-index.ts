// Indexes over a snapshot, built once and shared by every job resolved from it, so
// one scheduling pass costs about one lookup per input instead of scans of history.
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

export interface BuildView {
  readonly id: number;
  readonly job: string;
  /** Resource → version ids the build produced or used; outputs first, as Concourse prefers them. */
  readonly versions: ReadonlyMap<string, readonly number[]>;
  readonly passedBuildIds: readonly number[];
}

export interface JobIndex {
  readonly name: string;
  /** Succeeded builds, newest first; a rerun sorts with its original build, not at the top. */
  readonly succeeded: readonly BuildView[];
  /** Build id → index in `succeeded`. */
  readonly position: ReadonlyMap<number, number>;
  /** Resource → version id → indices in `succeeded` (ascending, so newest first). */
  readonly byVersion: ReadonlyMap<string, ReadonlyMap<number, readonly number[]>>;
  /** `input\0resource` → version ids any build of this job used for that input. */
  readonly usedByInput: ReadonlyMap<string, ReadonlySet<number>>;
  /** Resource → the highest-check-order version any build of the job used, and the newest such build. */
  readonly newestUse: ReadonlyMap<string, { readonly checkOrder: number; readonly buildId: number }>;
}

export interface VersionIndex {
  readonly resources: ReadonlyMap<string, ResourceIndex>;
  readonly jobs: ReadonlyMap<string, JobIndex>;
  /** Job of each build id, for reading build pipes. */
  readonly jobOfBuild: ReadonlyMap<number, string>;
  /** Build id → upstream builds that justified its inputs (any status). */
  readonly pipes: ReadonlyMap<number, readonly number[]>;
}

const EMPTY_JOB: JobIndex = {
  name: '',
  succeeded: [],
  position: new Map(),
  byVersion: new Map(),
  usedByInput: new Map(),
  newestUse: new Map(),
};

export function jobIndex(index: VersionIndex, job: string): JobIndex {
  return index.jobs.get(job) ?? EMPTY_JOB;
}

export function usedKey(input: string, resource: string): string {
  return `${input}\u0000${resource}`;
}

function indexResource(name: string, versions: readonly ResourceVersion[], pinned?: VersionFields): ResourceIndex {
  const ordered = [...versions].sort((a, b) => a.checkOrder - b.checkOrder || a.id - b.id);
  const position = new Map<number, number>();
  let latestEnabled = -1;
  ordered.forEach((v, i) => {
    position.set(v.id, i);
    if (!v.disabled) latestEnabled = i;
  });
  return { name, ordered, position, latestEnabled, pinned };
}

/** Newest first: by the original build's id (reruns sit with their original), then by id. */
function newestFirst(a: BuildHistoryEntry, b: BuildHistoryEntry): number {
  return (b.rerunOf ?? b.id) - (a.rerunOf ?? a.id) || b.id - a.id;
}

function buildView(build: BuildHistoryEntry): BuildView {
  const versions = new Map<string, number[]>();
  const add = (resource: string, id: number): void => {
    const list = versions.get(resource);
    if (!list) versions.set(resource, [id]);
    else if (!list.includes(id)) list.push(id);
  };
  for (const o of build.outputs) add(o.resource, o.versionId);
  for (const i of build.inputs) add(i.resource, i.versionId);
  return { id: build.id, job: build.job, versions, passedBuildIds: build.passedBuildIds ?? [] };
}

function indexJob(name: string, builds: BuildHistoryEntry[], resources: ReadonlyMap<string, ResourceIndex>): JobIndex {
  const succeeded = builds.filter((b) => b.status === 'succeeded').sort(newestFirst).map(buildView);
  const position = new Map<number, number>();
  const byVersion = new Map<string, Map<number, number[]>>();
  succeeded.forEach((view, i) => {
    position.set(view.id, i);
    for (const [resource, ids] of view.versions) {
      let perVersion = byVersion.get(resource);
      if (!perVersion) byVersion.set(resource, (perVersion = new Map()));
      for (const id of ids) {
        const list = perVersion.get(id);
        if (list) list.push(i);
        else perVersion.set(id, [i]);
      }
    }
  });
  const usedByInput = new Map<string, Set<number>>();
  const newestUse = new Map<string, { checkOrder: number; buildId: number }>();
  for (const build of builds) {
    for (const input of build.inputs) {
      const key = usedKey(input.name, input.resource);
      let set = usedByInput.get(key);
      if (!set) usedByInput.set(key, (set = new Set()));
      set.add(input.versionId);
      const res = resources.get(input.resource);
      const pos = res?.position.get(input.versionId);
      if (res === undefined || pos === undefined) continue;
      const checkOrder = res.ordered[pos]!.checkOrder;
      const prev = newestUse.get(input.resource);
      if (!prev || checkOrder > prev.checkOrder || (checkOrder === prev.checkOrder && build.id > prev.buildId)) {
        newestUse.set(input.resource, { checkOrder, buildId: build.id });
      }
    }
  }
  return { name, succeeded, position, byVersion, usedByInput, newestUse };
}

export function buildVersionIndex(snapshot: VersionSnapshot): VersionIndex {
  const resources = new Map<string, ResourceIndex>();
  for (const r of snapshot.resources) resources.set(r.name, indexResource(r.name, r.versions, r.pinned));
  const byJob = new Map<string, BuildHistoryEntry[]>();
  const jobOfBuild = new Map<number, string>();
  const pipes = new Map<number, readonly number[]>();
  for (const b of snapshot.builds) {
    jobOfBuild.set(b.id, b.job);
    if (b.passedBuildIds?.length) pipes.set(b.id, b.passedBuildIds);
    const list = byJob.get(b.job);
    if (list) list.push(b);
    else byJob.set(b.job, [b]);
  }
  const jobs = new Map<string, JobIndex>();
  for (const [name, builds] of byJob) jobs.set(name, indexJob(name, builds, resources));
  return { resources, jobs, jobOfBuild, pipes };
}

// Snapshots are immutable values; caching the index per snapshot object keeps
// `resolveInputs(snapshot, job)` cheap when a pass resolves thousands of jobs.
const cache = new WeakMap<VersionSnapshot, VersionIndex>();

export function indexFor(snapshot: VersionSnapshot): VersionIndex {
  let index = cache.get(snapshot);
  if (!index) cache.set(snapshot, (index = buildVersionIndex(snapshot)));
  return index;
}
