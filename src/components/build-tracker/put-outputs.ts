// What a job build's puts produced: each successful `put` (its finish-put event) saves the
// version into the resource's shared history, as a check would (saveVersions notifies
// `resource_versions`, which wakes the scheduler), and records it as an output of the build,
// so `passed: [this-job]` downstream can use it. One-off builds have no pipeline resource.
// The history is the one the checker keys by the source with its `((vars))` filled in
// (resource-history.ts), so a put before any check and the checks after it share one history.
// A successful get (finish-get) records the metadata `in` reported (get-metadata.ts).
import type { Store } from '../../ports/store';
import type { Build, MetadataField } from '../../ports/store-rows';
import type { BuildEvent } from '../../protocol/build-events';
import { filledInScope } from './resource-history';
import { recordGetMetadata, type FinishGet } from './get-metadata';

export interface PutRecorder {
  /** Looks at every event; starts recording when it is a successful finish-put or finish-get. */
  observe(event: BuildEvent): void;
  /** Resolves once everything seen so far is recorded (before the build is finished). */
  settled(): Promise<void>;
}

type FinishPut = { origin: { id?: string }; exit_status: number; version: Record<string, string>; metadata?: MetadataField[] };

export function putRecorder(store: Store, build: Build, plan: unknown, log: (m: string) => void): PutRecorder {
  let chain = Promise.resolve();
  return {
    observe(event) {
      if ((event.event !== 'finish-put' && event.event !== 'finish-get') || build.pipelineId === null || build.jobId === null) return;
      const data = event.data as unknown as FinishPut | FinishGet;
      if (data.exit_status !== 0 || !data.origin.id || Object.keys(data.version).length === 0) return;
      if (event.event === 'finish-get') {
        const get = findStep(plan, data.origin.id, 'get');
        if (!get?.resource) return;
        chain = chain.then(() => recordGetMetadata(store, build, get.resource!, data))
          .catch((err) => log(`build ${build.id}: recording the metadata of ${get.resource}: ${(err as Error).message}`));
        return;
      }
      const put = findStep(plan, data.origin.id, 'put');
      if (!put?.resource) return;
      chain = chain.then(() => record(store, build, { name: put.name, resource: put.resource! }, data))
        .catch((err) => log(`build ${build.id}: recording the put of ${put.resource}: ${(err as Error).message}`));
    },
    settled: () => chain,
  };
}

async function record(store: Store, build: Build, put: { name: string; resource: string }, data: FinishPut): Promise<void> {
  const resource = await store.resources.get(build.pipelineId!, put.resource);
  if (!resource) return;
  const scopeId = await filledInScope(store, resource);
  await store.versions.saveVersions(scopeId, [{ version: data.version, ...(data.metadata ? { metadata: data.metadata } : {}) }]);
  const saved = await store.versions.findVersion(scopeId, data.version);
  if (!saved) return;
  // Outputs are named after the resource, as Concourse lists them (the step's name may differ).
  await store.builds.saveOutputs(build.id, [{ name: put.resource, resourceId: resource.id, versionId: saved.id }]);
}

/** The get or put step with this plan id anywhere in the plan tree. */
function findStep(node: unknown, id: string, kind: 'get' | 'put'): { name: string; resource?: string } | null {
  if (typeof node !== 'object' || node === null) return null;
  const obj = node as Record<string, unknown>;
  const step = obj[kind];
  if (obj.id === id && typeof step === 'object' && step !== null) return step as { name: string; resource?: string };
  for (const value of Object.values(obj)) {
    const found = findStep(value, id, kind);
    if (found) return found;
  }
  return null;
}
