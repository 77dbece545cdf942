// Walking a job's steps: the plan, nested do/in_parallel/try, and hooks.
// Exported for the planner and the graph as well as the validator.
import type { ConfigPath } from './diagnostics';
import { CORE_STEP_KEYS, HOOK_KEYS, type CoreStepKey, type JobConfig, type StepConfig } from './schema';

export function coreStepKey(step: StepConfig): CoreStepKey {
  for (const key of CORE_STEP_KEYS) if (key in step) return key;
  throw new Error('step has no core step type');
}

/** The steps directly inside `step` (not hooks), with their path suffixes. */
export function innerSteps(step: StepConfig): Array<[ConfigPath, StepConfig]> {
  if ('do' in step) return step.do.map((s, i) => [['do', i], s]);
  if ('try' in step) return [[['try'], step.try]];
  if ('in_parallel' in step) {
    const p = step.in_parallel;
    if (Array.isArray(p)) return p.map((s, i) => [['in_parallel', i], s]);
    return (p.steps ?? []).map((s, i) => [['in_parallel', 'steps', i], s]);
  }
  return [];
}

export function hookSteps(step: { [K in (typeof HOOK_KEYS)[number]]?: StepConfig }): Array<[ConfigPath, StepConfig]> {
  const out: Array<[ConfigPath, StepConfig]> = [];
  for (const hook of HOOK_KEYS) {
    const h = step[hook];
    if (h) out.push([[hook], h]);
  }
  return out;
}

/** Calls `fn` for `step` and every step nested in it or in its hooks, depth first. */
export function walkSteps(step: StepConfig, path: ConfigPath, fn: (step: StepConfig, path: ConfigPath) => void): void {
  fn(step, path);
  for (const [suffix, inner] of innerSteps(step)) walkSteps(inner, [...path, ...suffix], fn);
  for (const [suffix, hook] of hookSteps(step)) walkSteps(hook, [...path, ...suffix], fn);
}

/** Every step of a job: its plan and its job-level hooks. */
export function walkJobSteps(job: JobConfig, jobPath: ConfigPath, fn: (step: StepConfig, path: ConfigPath) => void): void {
  job.plan.forEach((step, i) => walkSteps(step, [...jobPath, 'plan', i], fn));
  for (const [suffix, hook] of hookSteps(job)) walkSteps(hook, [...jobPath, ...suffix], fn);
}

/** The resource a get or put step uses (`resource:`, else the step name). */
export function stepResource(step: StepConfig): string | undefined {
  if ('get' in step) return step.resource ?? step.get;
  if ('put' in step) return step.resource ?? step.put;
  return undefined;
}

function visit(step: StepConfig, fn: (step: StepConfig) => void): void {
  fn(step);
  if ('do' in step) for (const s of step.do) visit(s, fn);
  else if ('try' in step) visit(step.try, fn);
  else if ('in_parallel' in step) {
    const p = step.in_parallel;
    for (const s of Array.isArray(p) ? p : (p.steps ?? [])) visit(s, fn);
  }
  for (const hook of HOOK_KEYS) {
    const h = step[hook];
    if (h) visit(h, fn);
  }
}

/** Calls `fn` for every step of a job (plan, nested steps, hooks) without building paths. */
export function forEachJobStep(job: JobConfig, fn: (step: StepConfig) => void): void {
  for (const step of job.plan) visit(step, fn);
  for (const hook of HOOK_KEYS) {
    const h = job[hook];
    if (h) visit(h, fn);
  }
}

/** Names of the resources a job gets or puts (anywhere: plan, nested steps, hooks). */
export function jobResources(job: JobConfig): Set<string> {
  const used = new Set<string>();
  forEachJobStep(job, (step) => {
    const r = stepResource(step);
    if (r !== undefined) used.add(r);
  });
  return used;
}
