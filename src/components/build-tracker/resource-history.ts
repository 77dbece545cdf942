// Which version history a build's get or put of a pipeline resource writes to: the one the
// checker keys by the resource's source with its `((vars))` filled in (check-vars.ts, reached
// through the checker's loadTarget and scopeFor), so builds and checks share one history.
import { loadTarget, scopeFor } from '../checker';
import type { Store } from '../../ports/store';
import type { JsonObject, Resource } from '../../ports/store-rows';

/**
 * The resource's history, made (and set on the resource) when it was never checked. When the
 * vars do not resolve now: the history it has, or else one keyed by the raw source.
 */
export async function filledInScope(store: Store, resource: Resource): Promise<number> {
  const target = await loadTarget(store, 'resource', resource.id);
  if (target && !target.varsError) return scopeFor(store, target);
  if (resource.scopeId !== null) return resource.scopeId;
  const scope = await store.versions.findOrCreateScope({ type: resource.type, source: (resource.config.source ?? {}) as JsonObject });
  await store.resources.setScope(resource.id, scope.id);
  return scope.id;
}
