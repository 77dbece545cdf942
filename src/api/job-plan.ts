// A job's inputs and outputs as Concourse lists them on GET .../jobs: every
// `get` and `put` anywhere in its plan, including nested steps and hooks.
import type { JobInput, JobOutput } from '../protocol';
import type { Json, JsonObject } from '../ports/store-rows';

const NESTED = ['do', 'in_parallel', 'aggregate', 'steps', 'try', 'on_success', 'on_failure', 'on_error', 'on_abort', 'ensure'];

function walk(step: Json | undefined, visit: (s: JsonObject) => void): void {
  if (Array.isArray(step)) {
    for (const s of step) walk(s, visit);
    return;
  }
  if (!step || typeof step !== 'object') return;
  visit(step);
  for (const key of NESTED) if (key in step) walk(step[key], visit);
}

function stepsOf(job: JsonObject): Json[] {
  const hooks = ['on_success', 'on_failure', 'on_error', 'on_abort', 'ensure'].map((k) => job[k]);
  return [job.plan ?? [], ...hooks.filter((h): h is Json => h !== undefined)];
}

export function jobInputs(job: JsonObject): JobInput[] {
  const out: JobInput[] = [];
  walk(stepsOf(job), (s) => {
    if (typeof s.get !== 'string') return;
    const input: JobInput = { name: s.get, resource: typeof s.resource === 'string' ? s.resource : s.get, trigger: s.trigger === true };
    if (Array.isArray(s.passed)) input.passed = s.passed.map(String);
    out.push(input);
  });
  return out;
}

export function jobOutputs(job: JsonObject): JobOutput[] {
  const out: JobOutput[] = [];
  walk(stepsOf(job), (s) => {
    if (typeof s.put === 'string') out.push({ name: s.put, resource: typeof s.resource === 'string' ? s.resource : s.put });
  });
  return out;
}
