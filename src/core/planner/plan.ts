// The build plan: a tree of plan nodes in Concourse's JSON shapes (atc/plan.go),
// stored with the build and run by the engine. Each node has a stable `id` (its
// origin in build events) and exactly one step key.
import type { ContainerLimitsLike, TaskConfig } from './task-config';

export type PlanId = string;
export type Version = Record<string, string>;

export interface ResourceTypePlan {
  name: string;
  type: string;
  source: Record<string, unknown>;
  params?: Record<string, unknown>;
  privileged?: boolean;
  tags?: string[];
}

export interface GetPlan {
  name: string;
  type: string;
  resource?: string;
  source: Record<string, unknown>;
  params?: Record<string, unknown>;
  version?: Version;
  /** The put whose created version this get fetches (a put's implicit get). */
  version_from?: PlanId;
  tags?: string[];
  resource_types?: ResourceTypePlan[];
}

export interface PutPlan {
  name: string;
  type: string;
  resource: string;
  source: Record<string, unknown>;
  params?: Record<string, unknown>;
  inputs?: 'all' | 'detect' | string[];
  tags?: string[];
  expose_build_created_by?: boolean;
  resource_types?: ResourceTypePlan[];
}

export interface CheckPlan {
  name: string;
  type: string;
  source: Record<string, unknown>;
  from_version?: Version;
  tags?: string[];
  resource_types?: ResourceTypePlan[];
}

export interface TaskPlan {
  name: string;
  privileged: boolean;
  hermetic?: boolean;
  tags?: string[];
  config_path?: string;
  config?: TaskConfig;
  vars?: Record<string, unknown>;
  params?: Record<string, unknown>;
  input_mapping?: Record<string, string>;
  output_mapping?: Record<string, string>;
  image?: string;
  container_limits?: ContainerLimitsLike;
  resource_types?: ResourceTypePlan[];
  /** Where task caches are kept between builds (team/pipeline/job/step), set by the planner. */
  cache_key?: string;
}

export interface SetPipelinePlan {
  name: string;
  file: string;
  team?: string;
  vars?: Record<string, unknown>;
  var_files?: string[];
  instance_vars?: Record<string, unknown>;
}

export interface LoadVarPlan {
  name: string;
  file: string;
  format?: string;
  reveal?: boolean;
}

export interface InParallelPlan {
  steps: Plan[];
  limit?: number;
  fail_fast?: boolean;
}

export interface AcrossVarPlan {
  name: string;
  /** A list, or a ((var)) that holds one at run time. */
  values: unknown;
  max_in_flight: number | 'all';
}

/** Concourse keeps the sub-step as a template; the engine instantiates it once per
 *  combination of values, with ids `<template id>/<n>`-prefixed so they stay unique. */
export interface AcrossPlan {
  vars: AcrossVarPlan[];
  substep_template: Plan;
  fail_fast?: boolean;
}

export interface ArtifactInputPlan {
  artifact_id: string;
  name: string;
}

export interface ArtifactOutputPlan {
  name: string;
}

export interface Plan {
  id: PlanId;
  /** Which attempt of an `attempts:` retry this subtree is (outer retries first). */
  attempts?: number[];
  get?: GetPlan;
  put?: PutPlan;
  check?: CheckPlan;
  task?: TaskPlan;
  set_pipeline?: SetPipelinePlan;
  load_var?: LoadVarPlan;
  artifact_input?: ArtifactInputPlan;
  artifact_output?: ArtifactOutputPlan;
  do?: Plan[];
  in_parallel?: InParallelPlan;
  aggregate?: Plan[];
  across?: AcrossPlan;
  on_success?: { step: Plan; on_success: Plan };
  on_failure?: { step: Plan; on_failure: Plan };
  on_error?: { step: Plan; on_error: Plan };
  on_abort?: { step: Plan; on_abort: Plan };
  ensure?: { step: Plan; ensure: Plan };
  try?: { step: Plan };
  timeout?: { duration: string; step: Plan };
  retry?: Plan[];
}

export const LEAF_KEYS = ['get', 'put', 'check', 'task', 'set_pipeline', 'load_var', 'artifact_input', 'artifact_output'] as const;
export const PLAN_KEYS = [
  ...LEAF_KEYS, 'do', 'in_parallel', 'aggregate', 'across', 'on_success', 'on_failure', 'on_error', 'on_abort',
  'ensure', 'try', 'timeout', 'retry',
] as const;
export type PlanKey = (typeof PLAN_KEYS)[number];

/** The one step key a plan node holds. */
export function planKey(plan: Plan): PlanKey {
  for (const key of PLAN_KEYS) if (plan[key] !== undefined) return key;
  throw new Error(`plan ${plan.id} has no step`);
}

/** A copy of `plan` whose every id is prefixed (across instantiates its template this way). */
export function prefixPlanIds(plan: Plan, prefix: string): Plan {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'id' && typeof value === 'string') out[key] = `${prefix}${value}`;
      else if (key === 'get' && typeof (value as GetPlan).version_from === 'string') {
        out[key] = { ...(value as GetPlan), version_from: `${prefix}${(value as GetPlan).version_from}` };
      }
      else if (isPlanHolder(key)) out[key] = visit(value);
      else out[key] = value;
    }
    return out;
  };
  return visit(plan) as Plan;
}

const PLAN_HOLDERS = new Set<string>([
  'do', 'in_parallel', 'aggregate', 'across', 'on_success', 'on_failure', 'on_error', 'on_abort', 'ensure', 'try',
  'timeout', 'retry', 'steps', 'step', 'substep_template',
]);
function isPlanHolder(key: string): boolean {
  return PLAN_HOLDERS.has(key);
}
