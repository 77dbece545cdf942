// Finds every get and put in a job, however deeply it is nested: do,
// in_parallel (a list or {steps}), try, step hooks and job hooks. Modifiers such
// as across, timeout, attempts and tags sit beside the step and change nothing
// about which resources the job touches.
import type { GraphJobConfig } from './types';

export interface JobGet {
  readonly resource: string;
  readonly passed: readonly string[];
  readonly trigger: boolean;
}

export interface JobPut {
  readonly resource: string;
}

export interface JobResources {
  readonly gets: readonly JobGet[];
  readonly puts: readonly JobPut[];
}

const HOOKS = ['on_success', 'on_failure', 'on_error', 'on_abort', 'ensure'] as const;

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The resource a get/put step names: `resource:` when given, else the step's name. */
function resourceOf(step: Readonly<Record<string, unknown>>, nameField: 'get' | 'put'): string | undefined {
  if (typeof step.resource === 'string') return step.resource;
  const name = step[nameField];
  return typeof name === 'string' ? name : undefined;
}

/** The steps nested directly inside a step, in the order they appear. */
function childSteps(step: Readonly<Record<string, unknown>>): unknown[] {
  const children: unknown[] = [];
  if (Array.isArray(step.do)) children.push(...step.do);
  if (Array.isArray(step.aggregate)) children.push(...step.aggregate);
  const parallel = step.in_parallel;
  if (Array.isArray(parallel)) children.push(...parallel);
  else if (isObject(parallel) && Array.isArray(parallel.steps)) children.push(...parallel.steps);
  if (step.try !== undefined) children.push(step.try);
  for (const hook of HOOKS) if (step[hook] !== undefined) children.push(step[hook]);
  return children;
}

function visit(step: unknown, gets: JobGet[], puts: JobPut[]): void {
  if (!isObject(step)) return;
  if (step.get !== undefined) {
    const resource = resourceOf(step, 'get');
    if (resource !== undefined) {
      gets.push({ resource, passed: stringList(step.passed), trigger: step.trigger === true });
    }
  }
  if (step.put !== undefined) {
    const resource = resourceOf(step, 'put');
    if (resource !== undefined) puts.push({ resource });
  }
  for (const child of childSteps(step)) visit(child, gets, puts);
}

/** Every get and put of a job: its plan first, then its job-level hooks. */
export function jobResources(job: GraphJobConfig): JobResources {
  const gets: JobGet[] = [];
  const puts: JobPut[] = [];
  if (Array.isArray(job.plan)) for (const step of job.plan) visit(step, gets, puts);
  for (const hook of HOOKS) visit(job[hook], gets, puts);
  return { gets, puts };
}
