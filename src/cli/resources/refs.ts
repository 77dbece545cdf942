// What the resource and job commands share: `-r PIPELINE/RESOURCE` and `-j PIPELINE/JOB`
// references (instanced pipelines as fly writes them), `-v key:value` versions, and URLs.
import { formatPipelineRef, openSession, parseJobFlag, refQuery, type PipelineRef, type Session } from '../client';
import type { CommandInput } from '../command-spec';
import { CliError } from '../errors';
import { list, required, str } from '../io';
import { API_PATHS } from '../../protocol';

export interface Named { session: Session; pipeline: PipelineRef; name: string; label: string }

/** `-r P/R` or `-j P/J` (same syntax as fly's). */
export async function namedTarget(input: CommandInput, option: string, flags: string, what: string): Promise<Named> {
  const raw = required(input, option, flags);
  let parsed: { pipeline: PipelineRef; job: string };
  try {
    parsed = parseJobFlag(raw);
  } catch {
    throw new CliError(`argument format should be <pipeline>/<${what}>`);
  }
  const session = await openSession(input.target, str(input, 'team'));
  return { session, pipeline: parsed.pipeline, name: parsed.job, label: `${formatPipelineRef(parsed.pipeline)}/${parsed.job}` };
}

/** `/api/v1/teams/T/pipelines/P/<kind>/<name><suffix>?vars...` */
export function itemUrl(t: Named, kind: 'jobs' | 'resources' | 'resource-types', suffix = '', query = ''): string {
  const vars = refQuery(t.pipeline);
  const q = [vars.replace(/^\?/, ''), query].filter(Boolean).join('&');
  return `${API_PATHS.pipeline(t.session.team, t.pipeline.name)}/${kind}/${encodeURIComponent(t.name)}${suffix}${q ? `?${q}` : ''}`;
}

/** `-v ref:abc` (repeatable, or `a:1,b:2`): the fields a version must have. */
export function versionFlags(input: CommandInput, option: string, flags: string, needed = true): Record<string, string> | undefined {
  const values = list(input, option).flatMap((v) => v.split(','));
  if (values.length === 0) {
    if (needed) throw new CliError(`the required flag \`${flags}' was not specified`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const pair of values) {
    const colon = pair.indexOf(':');
    if (colon <= 0) throw new CliError(`invalid version '${pair}': expected key:value`);
    out[pair.slice(0, colon)] = pair.slice(colon + 1);
  }
  return out;
}
