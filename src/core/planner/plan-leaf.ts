// Leaf steps of a job plan: get, put (+ its implicit get), task, set_pipeline, load_var.
import type { Plan, ResourceTypePlan, Version } from './plan';
import { PlanError, type PlanContext } from './plan-context';

export function planLeaf(raw: Record<string, unknown>, ctx: PlanContext, inheritedTags: readonly string[]): Plan {
  const tags = Array.isArray(raw.tags) && raw.tags.length > 0 ? (raw.tags as string[]) : inheritedTags;
  const tagField = tags.length > 0 ? { tags: [...tags] } : {};
  if (typeof raw.get === 'string') return planGet(raw, ctx, tagField);
  if (typeof raw.put === 'string') return planPut(raw, ctx, tagField);
  if (typeof raw.task === 'string') return planTask(raw, ctx, tagField);
  if (typeof raw.set_pipeline === 'string') {
    return ctx.ids.make({
      set_pipeline: {
        name: raw.set_pipeline,
        file: String(raw.file),
        ...pick(raw, ['team', 'vars', 'var_files', 'instance_vars']),
      },
    });
  }
  if (typeof raw.load_var === 'string') {
    return ctx.ids.make({ load_var: { name: raw.load_var, file: String(raw.file), ...pick(raw, ['format', 'reveal']) } });
  }
  if (typeof raw.run === 'string') throw new PlanError(`run steps (prototypes) are not supported: ${raw.run}`);
  throw new PlanError(`step has no known step type: ${Object.keys(raw).join(', ')}`);
}

function pick(raw: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (raw[key] !== undefined) out[key] = raw[key];
  return out;
}

function lookupResource(ctx: PlanContext, name: string) {
  const resource = ctx.resources.get(name);
  if (!resource) throw new PlanError(`unknown resource: ${name}`);
  const defaults = ctx.resourceTypeDefaults.get(resource.type) ?? {};
  const source = { ...defaults, ...((resource.source ?? {}) as Record<string, unknown>) };
  return { resource, source, types: typesFor(ctx, resource.type) };
}

/** The custom types a resource type depends on (itself, its type's type, ...). */
export function typesFor(ctx: Pick<PlanContext, 'resourceTypes'>, type: string): ResourceTypePlan[] {
  const out: ResourceTypePlan[] = [];
  let current: string | undefined = type;
  const seen = new Set<string>();
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    const found = ctx.resourceTypes.find((t) => t.name === current);
    if (!found) break;
    out.push(found);
    current = found.type;
  }
  return out;
}

function planGet(raw: Record<string, unknown>, ctx: PlanContext, tags: { tags?: string[] }): Plan {
  const name = raw.get as string;
  const resourceName = typeof raw.resource === 'string' ? raw.resource : name;
  const { resource, source, types } = lookupResource(ctx, resourceName);
  const pinned = typeof raw.version === 'object' && raw.version !== null ? (raw.version as Version) : undefined;
  const version = ctx.resolvedInputs[name] ?? pinned ?? (resource.version as Version | undefined);
  return ctx.ids.make({
    get: {
      name,
      type: resource.type,
      resource: resourceName,
      source,
      ...(raw.params ? { params: raw.params as Record<string, unknown> } : {}),
      ...(version ? { version } : {}),
      ...tags,
      ...(types.length > 0 ? { resource_types: types } : {}),
    },
  });
}

function planPut(raw: Record<string, unknown>, ctx: PlanContext, tags: { tags?: string[] }): Plan {
  const name = raw.put as string;
  const resourceName = typeof raw.resource === 'string' ? raw.resource : name;
  const { resource, source, types } = lookupResource(ctx, resourceName);
  const typeField = types.length > 0 ? { resource_types: types } : {};
  const put = ctx.ids.make({
    put: {
      name,
      type: resource.type,
      resource: resourceName,
      source,
      ...(raw.params ? { params: raw.params as Record<string, unknown> } : {}),
      ...(raw.inputs !== undefined ? { inputs: raw.inputs as 'all' | 'detect' | string[] } : {}),
      ...tags,
      ...(resource.expose_build_created_by === true ? { expose_build_created_by: true } : {}),
      ...typeField,
    },
  });
  if (raw.no_get === true) return put;
  const get = ctx.ids.make({
    get: {
      name,
      type: resource.type,
      resource: resourceName,
      source,
      version_from: put.id,
      ...(raw.get_params ? { params: raw.get_params as Record<string, unknown> } : {}),
      ...tags,
      ...typeField,
    },
  });
  return ctx.ids.make({ on_success: { step: put, on_success: get } });
}

function planTask(raw: Record<string, unknown>, ctx: PlanContext, tags: { tags?: string[] }): Plan {
  const name = raw.task as string;
  return ctx.ids.make({
    task: {
      name,
      privileged: raw.privileged === true,
      ...(raw.hermetic === true ? { hermetic: true } : {}),
      ...tags,
      ...(typeof raw.file === 'string' ? { config_path: raw.file } : {}),
      ...pick(raw, ['config', 'vars', 'params', 'input_mapping', 'output_mapping', 'image', 'container_limits']),
      ...(ctx.resourceTypes.length > 0 ? { resource_types: [...ctx.resourceTypes] } : {}),
      cache_key: `${ctx.cacheKeyPrefix}/${name}`,
    },
  } as Omit<Plan, 'id'>);
}
