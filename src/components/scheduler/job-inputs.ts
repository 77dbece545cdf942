// A job's inputs as the version algorithm reads them: every `get` step anywhere in its plan
// and hooks (nested do/in_parallel/try/hooks), with passed, version and trigger. The same
// get name twice is one input (the first wins), as Concourse's job inputs are.
import type { InputConfig, InputVersionConfig } from '../../core/versions';
import type { Json, JsonObject } from '../../ports/store-rows';

const NESTED = ['do', 'in_parallel', 'aggregate', 'steps', 'try', 'on_success', 'on_failure', 'on_error', 'on_abort', 'ensure'];
const HOOKS = ['on_success', 'on_failure', 'on_error', 'on_abort', 'ensure'];

function walk(step: Json | undefined, visit: (s: JsonObject) => void): void {
  if (Array.isArray(step)) {
    for (const s of step) walk(s, visit);
    return;
  }
  if (!step || typeof step !== 'object') return;
  visit(step);
  for (const key of NESTED) if (key in step) walk(step[key], visit);
}

function versionOf(v: Json | undefined): InputVersionConfig | undefined {
  if (v === 'every' || v === 'latest') return v;
  if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
  return undefined;
}

export function jobInputConfigs(job: JsonObject): InputConfig[] {
  const seen = new Map<string, InputConfig>();
  const roots: Json[] = [job.plan ?? [], ...HOOKS.map((k) => job[k]).filter((h): h is Json => h !== undefined)];
  walk(roots, (s) => {
    if (typeof s.get !== 'string' || seen.has(s.get)) return;
    const version = versionOf(s.version);
    seen.set(s.get, {
      name: s.get,
      resource: typeof s.resource === 'string' ? s.resource : s.get,
      ...(Array.isArray(s.passed) ? { passed: s.passed.map(String) } : {}),
      ...(version ? { version } : {}),
      trigger: s.trigger === true,
    });
  });
  return [...seen.values()];
}
