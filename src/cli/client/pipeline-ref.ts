// Concourse's way of naming an instanced pipeline on the command line:
//   -p name                      a plain pipeline
//   -p name/branch:main,pr:12    name plus instance vars (YAML values, dotted keys)
//   -j name/branch:main/job      a job in such a pipeline (the job is after the last '/')
import { parse as parseYaml } from 'yaml';
import { instanceVarsQuery, type InstanceVars } from '../../protocol';
import { parseVarRef } from '../../core/vars';
import { CliError } from '../errors';

export interface PipelineRef {
  name: string;
  instanceVars?: InstanceVars;
}

/** Index of the first char accepted by `stop` outside of the quote chars, or -1. */
function findUnquoted(s: string, quotes: string, stop: (c: string) => boolean): number {
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (!quote) {
      if (stop(c)) return i;
      if (quotes.includes(c)) quote = c;
    } else if (c === quote) quote = '';
  }
  return -1;
}

/** A comma that ends a value: not inside a YAML flow collection. */
function commaOutsideYaml(): (c: string) => boolean {
  let depth = 0;
  return (c) => {
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    return c === ',' && depth === 0;
  };
}

function setPath(out: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = out;
  keys.slice(0, -1).forEach((k) => {
    const next = node[k];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[k] = {};
    node = node[k] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]!] = value;
}

/** Parses `k1:v1,k2.sub:v2` into nested instance vars. */
export function parseInstanceVars(text: string): InstanceVars {
  const out: InstanceVars = {};
  let rest = text;
  let count = 0;
  for (;;) {
    const colon = findUnquoted(rest, '"', (c) => c === ':');
    if (colon < 0) break;
    const rawKey = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
    const comma = findUnquoted(rest, `"'`, commaOutsideYaml());
    const rawValue = comma < 0 ? rest : rest.slice(0, comma);
    let value: unknown;
    try {
      value = parseYaml(rawValue);
    } catch (err) {
      throw new CliError(`invalid value for key '${rawKey}': ${(err as Error).message}`);
    }
    const ref = parseVarRef(rawKey);
    setPath(out, [ref.path, ...ref.fields], value ?? null);
    count++;
    if (comma < 0) break;
    rest = rest.slice(comma + 1);
  }
  if (count === 0) throw new CliError('instance vars should be formatted as <key1:value1>(,<key2:value2>)');
  return out;
}

/** `-p NAME[/INSTANCE_VARS]`. */
export function parsePipelineFlag(value: string): PipelineRef {
  const slash = value.indexOf('/');
  if (slash < 0) return { name: value };
  return { name: value.slice(0, slash), instanceVars: parseInstanceVars(value.slice(slash + 1)) };
}

/** `-j PIPELINE[/INSTANCE_VARS]/JOB`. */
export function parseJobFlag(value: string): { pipeline: PipelineRef; job: string } {
  const last = value.lastIndexOf('/');
  const job = last < 0 ? '' : value.slice(last + 1);
  if (last < 0 || !job) throw new CliError('argument format should be <pipeline>/<job>');
  return { pipeline: parsePipelineFlag(value.slice(0, last)), job };
}

function flatPairs(prefix: string, v: unknown, out: [string, unknown][]): void {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, inner] of Object.entries(v)) flatPairs(prefix ? `${prefix}.${k}` : k, inner, out);
  } else out.push([prefix, v]);
}

function needsQuotes(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  let reparsed: unknown;
  try {
    reparsed = parseYaml(v);
  } catch {
    return true;
  }
  return typeof reparsed !== 'string' || /[,: /]/.test(v);
}

/** The ref as people type it: `name` or `name/k:v,k2:v2` (keys sorted). */
export function formatPipelineRef(ref: PipelineRef): string {
  if (!ref.instanceVars || Object.keys(ref.instanceVars).length === 0) return ref.name;
  const pairs: [string, unknown][] = [];
  flatPairs('', ref.instanceVars, pairs);
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = pairs.map(([k, v]) => {
    const json = JSON.stringify(v);
    return `${k}:${needsQuotes(v) ? json : typeof v === 'string' ? v : json}`;
  });
  return `${ref.name}/${text.join(',')}`;
}

/** `?vars.k=<json>` for an instanced pipeline, '' for a plain one. */
export function refQuery(ref: PipelineRef): string {
  const q = instanceVarsQuery(ref.instanceVars).toString();
  return q ? `?${q}` : '';
}
