// Compiles a job's config into a plan tree, as Concourse's planner does
// (atc/builds/planner.go): a `do` of the job's steps wrapped in the job's hooks,
// each step wrapped in its modifiers (innermost first: timeout, attempts, across,
// on_success, on_failure, on_abort, on_error, ensure), a put followed by its
// implicit get unless `no_get`. Ids are hex numbers handed out children first,
// so the same config always gives the same ids.
import type { JobConfig, ResourceConfig, ResourceTypeConfig, StepConfig } from '../config';
import type { Plan, ResourceTypePlan, Version } from './plan';
import { IdFactory, PlanError, type PlanContext } from './plan-context';
import { planLeaf } from './plan-leaf';

export interface PlanJobOptions {
  resources?: readonly ResourceConfig[];
  resourceTypes?: readonly ResourceTypeConfig[];
  /** The versions the scheduler chose, by get step name. */
  resolvedInputs?: Readonly<Record<string, Version>>;
  /** Prefix of task cache keys (e.g. `team/pipeline/job`). */
  cacheKeyPrefix?: string;
  /** The first plan id (default 1); a build may start elsewhere to keep ids unique across reruns. */
  firstId?: number;
}

export function planJob(job: JobConfig, options: PlanJobOptions = {}): Plan {
  const ctx = createContext(options, job.name);
  let plan = ctx.ids.make({ do: job.plan.map((step) => planStep(step, ctx, [])) });
  plan = wrapHooks(plan, job, ctx, []);
  return plan;
}

/** Plans one step (used by planJob, and for hooks of check or one-off builds). */
export function planStep(step: StepConfig, ctx: PlanContext, inheritedTags: readonly string[]): Plan {
  const raw = step as Record<string, unknown>;
  let plan = raw.attempts !== undefined ? planRetry(raw, ctx, inheritedTags) : planTimed(raw, ctx, inheritedTags);
  if (raw.across !== undefined) plan = planAcross(raw, plan, ctx);
  return wrapHooks(plan, raw, ctx, inheritedTags);
}

/** The core step, inside its timeout when it has one (each attempt gets its own). */
function planTimed(raw: Record<string, unknown>, ctx: PlanContext, tags: readonly string[]): Plan {
  const core = planCore(raw, ctx, tags);
  if (raw.timeout === undefined) return core;
  return ctx.ids.make({ timeout: { duration: String(raw.timeout), step: core } });
}

function planRetry(raw: Record<string, unknown>, ctx: PlanContext, tags: readonly string[]): Plan {
  const attempts = Number(raw.attempts);
  if (!Number.isInteger(attempts) || attempts < 1) throw new PlanError(`attempts must be a positive number, not ${String(raw.attempts)}`);
  const copies: Plan[] = [];
  for (let i = 1; i <= attempts; i++) {
    const copy = planTimed(raw, ctx, tags);
    copies.push({ ...copy, attempts: [i] });
  }
  return ctx.ids.make({ retry: copies });
}

function planAcross(raw: Record<string, unknown>, template: Plan, ctx: PlanContext): Plan {
  const vars = (raw.across as { var: string; values: unknown; max_in_flight?: number | 'all' | string }[]).map((v) => ({
    name: v.var,
    values: v.values,
    max_in_flight: v.max_in_flight === 'all' ? ('all' as const) : v.max_in_flight === undefined ? 1 : Number(v.max_in_flight),
  }));
  return ctx.ids.make({ across: { vars, substep_template: template, ...(raw.fail_fast === true ? { fail_fast: true } : {}) } });
}

const HOOK_ORDER = ['on_success', 'on_failure', 'on_abort', 'on_error', 'ensure'] as const;

function wrapHooks(plan: Plan, holder: Record<string, unknown> | JobConfig, ctx: PlanContext, tags: readonly string[]): Plan {
  let wrapped = plan;
  for (const hook of HOOK_ORDER) {
    const hookStep = (holder as Record<string, unknown>)[hook] as StepConfig | undefined;
    if (hookStep === undefined) continue;
    const next = planStep(hookStep, ctx, tags);
    wrapped = ctx.ids.make({ [hook]: { step: wrapped, [hook]: next } } as Omit<Plan, 'id'>);
  }
  return wrapped;
}

function planCore(raw: Record<string, unknown>, ctx: PlanContext, inheritedTags: readonly string[]): Plan {
  if (raw.do !== undefined) {
    const tags = childTags(raw, inheritedTags);
    return ctx.ids.make({ do: (raw.do as StepConfig[]).map((s) => planStep(s, ctx, tags)) });
  }
  if (raw.in_parallel !== undefined) {
    const tags = childTags(raw, inheritedTags);
    const config = Array.isArray(raw.in_parallel)
      ? { steps: raw.in_parallel as StepConfig[] }
      : (raw.in_parallel as { steps?: StepConfig[]; limit?: number | string; fail_fast?: boolean | string });
    const steps = (config.steps ?? []).map((s) => planStep(s, ctx, tags));
    return ctx.ids.make({
      in_parallel: {
        steps,
        ...(config.limit !== undefined ? { limit: Number(config.limit) } : {}),
        ...(config.fail_fast === true ? { fail_fast: true } : {}),
      },
    });
  }
  if (raw.try !== undefined) return ctx.ids.make({ try: { step: planStep(raw.try as StepConfig, ctx, inheritedTags) } });
  return planLeaf(raw, ctx, inheritedTags);
}

function childTags(raw: Record<string, unknown>, inherited: readonly string[]): readonly string[] {
  return Array.isArray(raw.tags) && raw.tags.length > 0 ? (raw.tags as string[]) : inherited;
}

function createContext(options: PlanJobOptions, jobName: string): PlanContext {
  const resources = new Map((options.resources ?? []).map((r) => [r.name, r]));
  const types: ResourceTypePlan[] = (options.resourceTypes ?? []).map((t) => ({
    name: t.name,
    type: t.type,
    source: (t.source ?? {}) as Record<string, unknown>,
    ...(t.params ? { params: t.params as Record<string, unknown> } : {}),
    ...(t.privileged === true ? { privileged: true } : {}),
    ...(t.tags ? { tags: t.tags } : {}),
  }));
  return {
    ids: new IdFactory(options.firstId ?? 1),
    resources,
    resourceTypes: types,
    resourceTypeDefaults: new Map((options.resourceTypes ?? []).map((t) => [t.name, (t.defaults ?? {}) as Record<string, unknown>])),
    resolvedInputs: options.resolvedInputs ?? {},
    cacheKeyPrefix: options.cacheKeyPrefix ?? jobName,
  };
}

export { createContext as createPlanContext };
