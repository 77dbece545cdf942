// Friendlier words for common step mistakes, where Concourse would only say
// "unknown fields" or "no step configured".

const PUT_HINTS: Record<string, string> = {
  version: "unknown field 'version' (a put records the version it creates; version: every/latest/pinned belongs on a get)",
  passed: "unknown field 'passed' (passed constraints belong on a get)",
  trigger: "unknown field 'trigger' (only a get can trigger a job)",
};

const GET_HINTS: Record<string, string> = {
  inputs: "unknown field 'inputs' (inputs belongs on a put)",
  get_params: "unknown field 'get_params' (get_params belongs on a put; use params on a get)",
};

const TAG_LESS = new Set(['set_pipeline', 'load_var', 'try']);

/** A better message for `keys` on a step of type `core` (or with no core step), if there is one. */
export function stepHint(keys: string[], core?: string): string | undefined {
  const key = keys[0]!;
  if (core === undefined) {
    if (keys.includes('aggregate')) return 'no step configured: aggregate was removed from Concourse; use in_parallel';
    if (keys.includes('parallel')) return 'no step configured: use in_parallel to run steps at the same time';
    return undefined;
  }
  if (core === 'put' && PUT_HINTS[key]) return PUT_HINTS[key];
  if (core === 'get' && GET_HINTS[key]) return GET_HINTS[key];
  if (key === 'tags' && TAG_LESS.has(core)) return `unknown field 'tags' (a ${core} step takes no tags)`;
  if (key === 'limit' && core === 'in_parallel') {
    return "unknown field 'limit' (write in_parallel: {steps: [...], limit: N})";
  }
  return undefined;
}
