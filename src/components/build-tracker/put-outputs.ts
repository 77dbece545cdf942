// What a job build's puts produced: each successful `put` (its finish-put event) saves the
// version into the resource's shared history, as a check would (saveVersions notifies
// `resource_versions`, which wakes the scheduler), and records it as an output of the build,
// so `passed: [this-job]` downstream can use it. One-off builds have no pipeline resource.
import type { Store } from '../../ports/store';
import type { Build, JsonObject, MetadataField } from '../../ports/store-rows';
import type { BuildEvent } from '../../protocol/build-events';

export interface PutRecorder {
  /** Looks at every event; starts recording when it is a successful finish-put. */
  observe(event: BuildEvent): void;
  /** Resolves once everything seen so far is recorded (before the build is finished). */
  settled(): Promise<void>;
}

type FinishPut = { origin: { id?: string }; exit_status: number; version: Record<string, string>; metadata?: MetadataField[] };

export function putRecorder(store: Store, build: Build, plan: unknown, log: (m: string) => void): PutRecorder {
  let chain = Promise.resolve();
  return {
    observe(event) {
      if (event.event !== 'finish-put' || build.pipelineId === null || build.jobId === null) return;
      const data = event.data as unknown as FinishPut;
      if (data.exit_status !== 0 || !data.origin.id || Object.keys(data.version).length === 0) return;
      const put = findPut(plan, data.origin.id);
      if (!put) return;
      chain = chain.then(() => record(store, build, put, data))
        .catch((err) => log(`build ${build.id}: recording the put of ${put.resource}: ${(err as Error).message}`));
    },
    settled: () => chain,
  };
}

async function record(store: Store, build: Build, put: { name: string; resource: string }, data: FinishPut): Promise<void> {
  const resource = await store.resources.get(build.pipelineId!, put.resource);
  if (!resource) return;
  let scopeId = resource.scopeId;
  if (scopeId === null) {
    // Not checked yet: the same history the checker would make for this type + source.
    scopeId = (await store.versions.findOrCreateScope({ type: resource.type, source: (resource.config.source ?? {}) as JsonObject })).id;
    await store.resources.setScope(resource.id, scopeId);
  }
  await store.versions.saveVersions(scopeId, [{ version: data.version, ...(data.metadata ? { metadata: data.metadata } : {}) }]);
  const saved = await store.versions.findVersion(scopeId, data.version);
  if (!saved) return;
  // Outputs are named after the resource, as Concourse lists them (the step's name may differ).
  await store.builds.saveOutputs(build.id, [{ name: put.resource, resourceId: resource.id, versionId: saved.id }]);
}

/** The put step with this plan id anywhere in the plan tree. */
function findPut(node: unknown, id: string): { name: string; resource: string } | null {
  if (typeof node !== 'object' || node === null) return null;
  const obj = node as Record<string, unknown>;
  if (obj.id === id && typeof obj.put === 'object' && obj.put !== null) return obj.put as { name: string; resource: string };
  for (const value of Object.values(obj)) {
    const found = findPut(value, id);
    if (found) return found;
  }
  return null;
}
