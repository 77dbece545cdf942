// The plan of a check build (a resource or resource type checked on its own, as
// `check-resource` starts one): a single `check` node.
import type { ResourceConfig, ResourceTypeConfig } from '../config';
import type { Plan, Version } from './plan';
import { IdFactory } from './plan-context';
import { typesFor } from './plan-leaf';

export interface CheckOptions {
  resourceTypes?: readonly ResourceTypeConfig[];
  fromVersion?: Version;
  firstId?: number;
}

export function planCheck(resource: Pick<ResourceConfig, 'name' | 'type' | 'source' | 'tags'>, options: CheckOptions = {}): Plan {
  const types = (options.resourceTypes ?? []).map((t) => ({
    name: t.name, type: t.type, source: (t.source ?? {}) as Record<string, unknown>,
    ...(t.params ? { params: t.params as Record<string, unknown> } : {}),
    ...(t.privileged === true ? { privileged: true } : {}),
  }));
  const defaults = (options.resourceTypes ?? []).find((t) => t.name === resource.type)?.defaults ?? {};
  const needed = typesFor({ resourceTypes: types }, resource.type);
  return new IdFactory(options.firstId ?? 1).make({
    check: {
      name: resource.name,
      type: resource.type,
      source: { ...(defaults as Record<string, unknown>), ...((resource.source ?? {}) as Record<string, unknown>) },
      ...(options.fromVersion ? { from_version: options.fromVersion } : {}),
      ...(resource.tags && resource.tags.length > 0 ? { tags: [...resource.tags] } : {}),
      ...(needed.length > 0 ? { resource_types: needed } : {}),
    },
  });
}
