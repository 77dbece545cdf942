// fly's var flags, turned into one map of static vars:
//   -l, --load-vars-from FILE   a YAML map of vars (repeatable; a later file wins)
//   -v, --var NAME=STRING       a string value (NAME may have fields: k.sub=v)
//   -y, --yaml-var NAME=YAML    a YAML value
//   -i, --instance-var NAME=YAML  instance vars, also usable as vars
// YAML is read as the pipeline is (YAML 1.1, as fly's go-yaml: `yes` is true).
// Precedence as fly's templatehelpers: every flag beats every file; among the
// flags the pairs are applied in the order -v, -y, -i, so -i beats -y beats -v.
// Like fly, a name that is set by a flag hides the whole file value of that
// name (no deep merge across layers), while pairs among the flags merge fields.
import { readFileSync } from 'node:fs'; // not fs/promises: ~1.5 ms to load, on every execute
import { parse as parseYaml } from 'yaml';
import { YAML_OPTIONS } from '../core/config';
import { parseVarRef, type VarRef } from '../core/vars';
import { CliError } from './errors';

export interface VarFlagOptions {
  var?: string[];
  yamlVar?: string[];
  loadVarsFrom?: string[];
  instanceVar?: string[];
}

interface VarPair {
  ref: VarRef;
  value: unknown;
}

const FLAG_NAMES = {
  var: '-v/--var',
  yamlVar: '-y/--yaml-var',
  instanceVar: '-i/--instance-var',
  loadVarsFrom: '-l/--load-vars-from',
} as const;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function parsePair(flag: keyof typeof FLAG_NAMES, text: string, asYaml: boolean): VarPair {
  const eq = text.indexOf('=');
  if (eq < 0) {
    throw new CliError(`${FLAG_NAMES[flag]}: invalid variable pair '${text}' (must be name=value)`);
  }
  const name = text.slice(0, eq);
  const raw = text.slice(eq + 1);
  let ref: VarRef;
  try {
    ref = parseVarRef(name);
  } catch (err) {
    throw new CliError(`${FLAG_NAMES[flag]}: ${message(err)}`);
  }
  if (!asYaml) return { ref, value: raw };
  try {
    return { ref, value: parseYaml(raw, YAML_OPTIONS) as unknown };
  } catch (err) {
    throw new CliError(`${FLAG_NAMES[flag]}: invalid YAML value in '${text}': ${message(err)}`);
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nest(fields: readonly string[], value: unknown): unknown {
  return fields.reduceRight<unknown>((inner, field) => ({ [field]: inner }), value);
}

/** Sets one pair into `out` the way fly's KVPairs.Expand does: descend into maps, replace anything else. */
function upsert(out: Record<string, unknown>, path: string, fields: readonly string[], value: unknown): void {
  const node = out[path];
  if (!Object.prototype.hasOwnProperty.call(out, path) || !isMap(node) || fields.length === 0) {
    // defineProperty, so that even a var named __proto__ is a plain entry.
    Object.defineProperty(out, path, { value: nest(fields, value), enumerable: true, writable: true, configurable: true });
    return;
  }
  upsert(node, fields[0] as string, fields.slice(1), value);
}

function expand(pairs: readonly VarPair[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { ref, value } of pairs) upsert(out, ref.path, ref.fields, structuredClone(value));
  return out;
}

/** Leaf pairs of a map of vars, as fly flattens instance vars before adding them to the flag vars. */
function flatten(path: string, fields: string[], value: unknown): VarPair[] {
  if (!isMap(value)) return [{ ref: { path, fields, raw: [path, ...fields].join('.') }, value }];
  return Object.entries(value).flatMap(([key, inner]) => flatten(path, [...fields, key], inner));
}

/** The instance vars given with -i NAME=YAML (fields in NAME build nested maps). */
export function loadInstanceVars(options: Pick<VarFlagOptions, 'instanceVar'>): Record<string, unknown> {
  return expand((options.instanceVar ?? []).map((text) => parsePair('instanceVar', text, true)));
}

async function loadVarsFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`${FLAG_NAMES.loadVarsFrom}: could not read template variables file (${path}): ${message(err)}`);
  }
  let value: unknown;
  try {
    value = parseYaml(text, YAML_OPTIONS);
  } catch (err) {
    // Like every config error: the file, line and column first, then what is wrong.
    const at = lineCol(text, (err as { pos?: [number, number] }).pos?.[0]);
    const where = at ? `${path}:${at.line}:${at.col}` : path;
    const first = message(err).split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new CliError(`${where}: error: ${FLAG_NAMES.loadVarsFrom}: could not unmarshal template variables: ${first}`);
  }
  if (value === null || value === undefined) return {};
  if (!isMap(value)) {
    throw new CliError(`${FLAG_NAMES.loadVarsFrom}: template variables file (${path}) must hold a map of names to values`);
  }
  return value;
}

/** 1-based line and column of a character offset. */
function lineCol(text: string, offset: number | undefined): { line: number; col: number } | undefined {
  if (offset === undefined || offset < 0) return undefined;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

/** All static vars from -l, -v, -y and -i, with fly's precedence. */
export async function loadVarFlags(options: VarFlagOptions): Promise<Record<string, unknown>> {
  const pairs: VarPair[] = [
    ...(options.var ?? []).map((text) => parsePair('var', text, false)),
    ...(options.yamlVar ?? []).map((text) => parsePair('yamlVar', text, true)),
  ];
  for (const [name, value] of Object.entries(loadInstanceVars(options))) pairs.push(...flatten(name, [], value));
  const flagVars = expand(pairs);
  const result: Record<string, unknown> = {};
  for (const path of options.loadVarsFrom ?? []) Object.assign(result, await loadVarsFile(path));
  return Object.assign(result, flagVars);
}
