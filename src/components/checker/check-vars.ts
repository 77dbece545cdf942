// `((vars))` in a resource's or resource type's `source`, resolved when the check runs, as
// Concourse evaluates a check's source: from the pipeline's `var_sources` (the built-in
// `dummy` type, or a credential manager through the engine's lookups) and the pipeline's
// instance vars. Values that came from var sources are secrets: the caller redacts them from
// check output and errors. The shared version history is keyed by the interpolated source
// (stored only as a hash), so two pipelines whose vars resolve to the same source share it.
import type { VarSourceConfig } from '../../core/config';
import { chainVars, interpolateAll, namedVars, staticVars, type VarLookup } from '../../core/vars';
import { varSourceLookups } from '../../engine';
import type { ResourceTypeSpec } from '../../ports/resource-runner';
import type { JsonObject, Pipeline } from '../../ports/store-rows';

export interface Interpolated<T> {
  value: T;
  /** Values from var sources that the value now holds. */
  secrets: string[];
  /** Why the vars could not be resolved (`undefined vars: x`, ...); value is then the raw one. */
  error: string | null;
  /** Whether the raw value held any `((var))` at all. */
  dynamic: boolean;
}

const hasVars = (value: unknown): boolean => JSON.stringify(value ?? null).includes('((');

/** The lookup a check resolves vars with: var sources by name, then the instance vars. */
export function pipelineLookup(pipeline: Pipeline): VarLookup {
  const sources = (pipeline.config?.var_sources ?? []) as unknown as VarSourceConfig[];
  return chainVars(namedVars(varSourceLookups(Array.isArray(sources) ? sources : [], pipeline.teamName)), staticVars(pipeline.instanceVars ?? {}));
}

/** Resolves every var of `value`; a value without vars is returned as it is. */
export function interpolateForCheck<T>(value: T, lookup: () => VarLookup): Interpolated<T> {
  if (!hasVars(value)) return { value, secrets: [], error: null, dynamic: false };
  try {
    const r = interpolateAll(value, lookup());
    return { value: r.value as T, secrets: r.secrets, error: null, dynamic: true };
  } catch (err) {
    return { value, secrets: [], error: err instanceof Error ? err.message : String(err), dynamic: true };
  }
}

/** The pipeline's resource types with their `source`, `defaults` and `params` resolved. */
export function interpolateTypes(types: ResourceTypeSpec[], lookup: () => VarLookup): Interpolated<ResourceTypeSpec[]> {
  const secrets: string[] = [];
  let dynamic = false;
  const value: ResourceTypeSpec[] = [];
  for (const t of types) {
    const fields = interpolateForCheck({ source: t.source, defaults: t.defaults, params: t.params }, lookup);
    dynamic ||= fields.dynamic;
    if (fields.error) return { value: types, secrets: [], error: `resource type ${t.name}: ${fields.error}`, dynamic };
    secrets.push(...fields.secrets);
    const v = fields.value;
    value.push({ ...t, source: v.source as JsonObject, ...(v.defaults ? { defaults: v.defaults as JsonObject } : {}), ...(v.params ? { params: v.params as JsonObject } : {}) });
  }
  return { value, secrets, error: null, dynamic };
}
