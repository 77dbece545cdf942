// The metadata a job build's get reports (its `in` script's `metadata`) is kept on that
// version of the resource's history, as Concourse does after every successful get of a named
// resource, so a version a check found without metadata shows it once a build fetched it. As
// in Concourse the version is only updated, never added, and the newest report wins; unlike
// Concourse an empty report leaves what is there (a check may have described the version).
import type { Store } from '../../ports/store';
import type { Build, MetadataField } from '../../ports/store-rows';
import { filledInScope } from './resource-history';

export type FinishGet = { origin: { id?: string }; exit_status: number; version: Record<string, string>; metadata?: MetadataField[] };

export async function recordGetMetadata(store: Store, build: Build, resourceName: string, data: FinishGet): Promise<void> {
  if (!data.metadata || data.metadata.length === 0) return;
  const resource = await store.resources.get(build.pipelineId!, resourceName);
  // A resource never checked nor put has no history to hold the version.
  if (!resource || resource.scopeId === null) return;
  await store.versions.updateMetadata(await filledInScope(store, resource), data.version, data.metadata);
}
