// What the checker checks: every active resource and resource type of every pipeline that is
// neither paused nor archived, read from the store and turned into plain check targets with
// their interval, timeout and the pipeline's resource types. Targets with the same type and
// source share one version history (a scope), so the checker runs one check per scope.
// Sources are interpolated here, at check time (check-vars.ts), so a scope is keyed by the
// source the check really uses.
import { parseGoDuration } from '../../core/config/duration';
import type { ResourceTypeSpec } from '../../ports/resource-runner';
import type { Store } from '../../ports/store';
import type { JsonObject, Pipeline, Resource, ResourceType } from '../../ports/store-rows';
import type { VarLookup } from '../../core/vars';
import { interpolateForCheck, interpolateTypes, pipelineLookup } from './check-vars';

export const DEFAULT_CHECK_EVERY_MS = 60_000;
export const DEFAULT_CHECK_TIMEOUT_MS = 3_600_000;

export type TargetKind = 'resource' | 'resource-type';

export interface CheckTarget {
  kind: TargetKind;
  /** The resource's or resource type's row id. */
  id: number;
  name: string;
  pipeline: Pipeline;
  type: string;
  /** The source with its vars resolved (the raw one when they could not be). */
  source: JsonObject;
  /** Var-source values the source or the resource types hold: redacted from errors. */
  secrets: string[];
  /** Why the vars did not resolve; the check then fails with this. */
  varsError: string | null;
  /** The source or the types held vars: the scope is found from the resolved source each time. */
  dynamic: boolean;
  tags: string[];
  /** null: `check_every: never` (checked only when asked). */
  everyMs: number | null;
  timeoutMs: number;
  resourceTypes: ResourceTypeSpec[];
  scopeId: number | null;
}

function durationMs(value: unknown, fallback: number): number | null {
  if (value === 'never') return null;
  if (typeof value !== 'string') return fallback;
  const ms = parseGoDuration(value);
  return ms === undefined || ms <= 0 ? fallback : ms;
}

/** The pipeline's `resource_types:` as the resource runner takes them. */
export function pipelineResourceTypes(pipeline: Pipeline): ResourceTypeSpec[] {
  const list = Array.isArray(pipeline.config?.resource_types) ? (pipeline.config.resource_types as JsonObject[]) : [];
  return list.map((t) => ({
    name: String(t.name),
    type: String(t.type),
    source: (t.source ?? {}) as JsonObject,
    ...(t.params ? { params: t.params as JsonObject } : {}),
    ...(t.privileged === true ? { privileged: true } : {}),
    ...(t.defaults ? { defaults: t.defaults as JsonObject } : {}),
  }));
}

/** What the targets of one pipeline share: its types (vars resolved) and its var lookup. */
interface PipelineVars { types: ResourceTypeSpec[]; typesError: string | null; secrets: string[]; dynamic: boolean; lookup: () => VarLookup }

function pipelineVars(pipeline: Pipeline): PipelineVars {
  let cached: VarLookup | undefined;
  const lookup = (): VarLookup => (cached ??= pipelineLookup(pipeline));
  const types = interpolateTypes(pipelineResourceTypes(pipeline), lookup);
  return { types: types.value, typesError: types.error, secrets: types.secrets, dynamic: types.dynamic, lookup };
}

function target(kind: TargetKind, row: Resource | ResourceType, pipeline: Pipeline, vars: PipelineVars, defaultEveryMs: number): CheckTarget {
  const cfg = row.config;
  const source = interpolateForCheck((cfg.source ?? {}) as JsonObject, vars.lookup);
  return {
    kind,
    id: row.id,
    name: row.name,
    pipeline,
    type: row.type,
    source: source.value,
    secrets: [...new Set([...source.secrets, ...vars.secrets])],
    // A type whose vars do not resolve fails the checks that run through pipeline types.
    varsError: source.error ?? (vars.types.some((t) => t.name === row.type) ? vars.typesError : null),
    dynamic: source.dynamic || vars.dynamic,
    tags: Array.isArray(cfg.tags) ? cfg.tags.map(String) : [],
    everyMs: durationMs(cfg.check_every, defaultEveryMs),
    timeoutMs: durationMs(cfg.check_timeout, DEFAULT_CHECK_TIMEOUT_MS) ?? DEFAULT_CHECK_TIMEOUT_MS,
    // A type's own check must not see itself (it would shadow the base type it names).
    resourceTypes: kind === 'resource-type' ? vars.types.filter((t) => t.name !== row.name) : vars.types,
    scopeId: row.scopeId,
  };
}

/** Every target of the pipelines that are neither paused nor archived. */
export async function listTargets(store: Store, defaultEveryMs = DEFAULT_CHECK_EVERY_MS): Promise<CheckTarget[]> {
  const pipelines = (await store.pipelines.list({ includeArchived: false })).filter((p) => !p.paused && !p.archived);
  const byId = new Map(pipelines.map((p) => [p.id, p]));
  const resources = await store.resources.listForPipelines([...byId.keys()]);
  const out: CheckTarget[] = [];
  const typesOf = new Map(pipelines.map((p) => [p.id, pipelineVars(p)]));
  for (const r of resources) {
    const p = byId.get(r.pipelineId);
    if (p) out.push(target('resource', r, p, typesOf.get(p.id)!, defaultEveryMs));
  }
  for (const p of pipelines) {
    for (const t of await store.resourceTypes.list(p.id)) out.push(target('resource-type', t, p, typesOf.get(p.id)!, defaultEveryMs));
  }
  return out;
}

/** One target by kind and row id, whatever its pipeline's state (manual checks). */
export async function loadTarget(store: Store, kind: TargetKind, id: number, defaultEveryMs = DEFAULT_CHECK_EVERY_MS): Promise<CheckTarget | null> {
  if (kind === 'resource') {
    const r = await store.resources.getById(id);
    const p = r && (await store.pipelines.getById(r.pipelineId));
    return r && p ? target('resource', r, p, pipelineVars(p), defaultEveryMs) : null;
  }
  for (const p of await store.pipelines.list({ includeArchived: false })) {
    const t = (await store.resourceTypes.list(p.id)).find((x) => x.id === id);
    if (t) return target('resource-type', t, p, pipelineVars(p), defaultEveryMs);
  }
  return null;
}
