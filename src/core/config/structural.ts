// Checks a plain value against a TypeBox schema and reports what is wrong in
// words a pipeline author reads: "unknown field 'x'", "expected a string, got
// a list", "missing required field 'name'". Steps get their own dispatch: the
// core step key (get, put, task...) picks the shape, as Concourse does.
import { Kind, type TSchema } from '@sinclair/typebox';
import type { ConfigPath, DiagnosticSink, PathSegment } from './diagnostics';
import { CHECK_EVERY_PATTERN, DURATION_PATTERN } from './schema/common';
import { CORE_STEP_KEYS, HOOK_KEYS } from './schema/step';
import { describeSchema, describeValue, jsType, acceptsType } from './describe';
import { stepHint } from './step-hints';

type Schema = TSchema & Record<string, any>;

interface Ctx {
  sink: DiagnosticSink | undefined;
  errors: number;
  refs: Map<string, Schema>;
  /** Optional fields written as `key:` with no value; Go's decoder treats them as absent. */
  nulls: ConfigPath[];
  /** Object properties being checked, innermost last, as path length * 2 + (1 if optional). */
  props: number[];
  /** Paths whose removal would take each error away (unknown or mistyped optional fields). */
  prunable: ConfigPath[];
  /** Set when some error cannot be taken away by removing a field. */
  unprunable: boolean;
}

const MODIFIER_KEYS = new Set<string>(['timeout', 'attempts', 'across', 'fail_fast', 'tags', ...HOOK_KEYS]);
const patternCache = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) patternCache.set(pattern, (re = new RegExp(pattern, 'u')));
  return re;
}

// `path` is one stack shared by the whole walk (pushed and popped), so that a
// large config does not allocate a path per node; findings copy it.
type Path = PathSegment[];

function within(path: Path, seg: PathSegment, fn: () => void): void {
  path.push(seg);
  fn();
  path.pop();
}

// Fields whose absence other rules would report ("must specify either file:
// or config:", "unknown resource"): dropping them would mislead.
const KEEP = new Set(['file', 'config', 'resource', 'image']);

/** What went wrong, for deciding whether dropping the field would take the error away. */
type Fault = 'unknown-field' | 'bad-scalar' | 'other';

function isScalarSchema(schema: Schema): boolean {
  const kind = schema[Kind];
  if (kind === 'Union') return (schema.anyOf as Schema[]).every(isScalarSchema);
  return kind === 'String' || kind === 'Integer' || kind === 'Number' || kind === 'Boolean' || kind === 'Literal';
}

function fail(ctx: Ctx, path: ConfigPath, message: string, part: 'key' | 'value' = 'value', fault: Fault = 'other'): void {
  ctx.errors++;
  if (!ctx.sink) return;
  ctx.sink.error([...path], message, part);
  const prop = ctx.props[ctx.props.length - 1] ?? 0;
  const droppable = fault === 'bad-scalar' && prop === path.length * 2 + 1 && !KEEP.has(String(path[path.length - 1]));
  if (fault === 'unknown-field' || droppable) ctx.prunable.push([...path]);
  else ctx.unprunable = true;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deref(schema: Schema, ctx: Ctx): Schema {
  if (schema[Kind] === 'This' || schema[Kind] === 'Ref') {
    const target = ctx.refs.get(schema.$ref as string);
    if (!target) throw new Error(`schema reference ${String(schema.$ref)} not found`);
    return target;
  }
  return schema;
}

function patternMessage(schema: Schema, value: string): string {
  if (schema.pattern === DURATION_PATTERN) return `invalid duration '${value}'`;
  if (schema.pattern === CHECK_EVERY_PATTERN) return `invalid duration '${value}' (use a duration such as 1m, or never)`;
  return `expected ${describeSchema(schema)}, got '${value}'`;
}

function check(raw: Schema, value: unknown, path: Path, ctx: Ctx): void {
  const schema = deref(raw, ctx);
  if (schema.$id === 'Step') return checkStep(schema, value, path, ctx);
  switch (schema[Kind]) {
    case 'Unknown':
    case 'Any':
      return;
    case 'Object':
      return checkObject(schema, value, path, ctx);
    case 'Record':
      return checkRecord(schema, value, path, ctx);
    case 'Array':
      if (!Array.isArray(value)) return typeError(schema, value, path, ctx);
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        check(schema.items, value[i], path, ctx);
        path.pop();
      }
      return;
    case 'Union':
      return checkUnion(schema, value, path, ctx);
    case 'Literal':
      if (value !== schema.const) fail(ctx, path, `expected ${describeSchema(schema)}, got ${describeValue(value)}`, 'value', 'bad-scalar');
      return;
    case 'String':
      if (typeof value !== 'string') return typeError(schema, value, path, ctx);
      if (schema.pattern && !regex(schema.pattern).test(value)) fail(ctx, path, patternMessage(schema, value), 'value', 'bad-scalar');
      return;
    default:
      if (!acceptsType(schema, jsType(value), ctx.refs)) typeError(schema, value, path, ctx);
  }
}

function typeError(schema: Schema, value: unknown, path: ConfigPath, ctx: Ctx): void {
  // go-yaml (YAML 1.1) reads unquoted y/n/yes/no/on/off as booleans; say so.
  const hint = schema[Kind] === 'String' && typeof value === 'boolean' ? ' (quote it: YAML reads unquoted y, n, yes, no, on, off as booleans)' : '';
  const fault = isScalarSchema(schema) ? 'bad-scalar' : 'other';
  fail(ctx, path, `expected ${describeSchema(schema)}, got ${describeValue(value)}${hint}`, 'value', fault);
}

function checkObject(
  schema: Schema,
  value: unknown,
  path: Path,
  ctx: Ctx,
  skip?: ReadonlySet<string>,
  hint?: (key: string) => string | undefined,
): void {
  if (!isPlainObject(value)) return typeError(schema, value, path, ctx);
  const props = schema.properties as Record<string, Schema>;
  const required: string[] = schema.required ?? [];
  for (const key of Object.keys(value)) {
    if (skip?.has(key)) continue;
    const prop = props[key];
    const item = value[key];
    if (!prop) {
      if (schema.additionalProperties === false) fail(ctx, [...path, key], hint?.(key) ?? `unknown field '${key}'`, 'key', 'unknown-field');
      continue;
    }
    if (item === null && !required.includes(key)) {
      if (ctx.sink) ctx.nulls.push([...path, key]);
      continue;
    }
    path.push(key);
    ctx.props.push(path.length * 2 + (required.includes(key) ? 0 : 1));
    check(prop, item, path, ctx);
    ctx.props.pop();
    path.pop();
  }
  for (const key of required) {
    if (!(key in value)) fail(ctx, path, `missing required field '${key}'`);
  }
}

function checkRecord(schema: Schema, value: unknown, path: Path, ctx: Ctx): void {
  if (!isPlainObject(value)) return typeError(schema, value, path, ctx);
  const itemSchema = Object.values(schema.patternProperties as Record<string, Schema>)[0]!;
  if (itemSchema[Kind] === 'Unknown') return;
  for (const key of Object.keys(value)) within(path, key, () => check(itemSchema, value[key], path, ctx));
}

function passes(schema: Schema, value: unknown, ctx: Ctx): boolean {
  const silent: Ctx = { sink: undefined, errors: 0, refs: ctx.refs, nulls: [], props: [], prunable: [], unprunable: false };
  check(schema, value, [], silent);
  return silent.errors === 0;
}

function checkUnion(schema: Schema, value: unknown, path: Path, ctx: Ctx): void {
  const type = jsType(value);
  const candidates = (schema.anyOf as Schema[]).filter((b) => acceptsType(b, type, ctx.refs));
  const isVar = (b: Schema) => b[Kind] === 'String' && typeof b.pattern === 'string' && b.pattern.startsWith('^\\(\\(');
  if (candidates.length === 1 && !isVar(candidates[0]!)) return check(candidates[0]!, value, path, ctx);
  if (candidates.some((b) => passes(b, value, ctx))) return;
  const structured = candidates.find((b) => type === 'object' || type === 'array' ? !isVar(b) : false);
  if (structured) return check(structured, value, path, ctx);
  const fault = isScalarSchema(schema) ? 'bad-scalar' : 'other';
  fail(ctx, path, `expected ${describeSchema(schema)}, got ${describeValue(value)}`, 'value', fault);
}

function checkStep(schema: Schema, value: unknown, path: Path, ctx: Ctx): void {
  if (!isPlainObject(value)) {
    const extra = Array.isArray(value) ? ' (to run several steps here, list them under do:)' : '';
    return fail(ctx, path, `expected a step, got ${describeValue(value)}${extra}`);
  }
  const keys = Object.keys(value);
  const cores = CORE_STEP_KEYS.filter((k) => k in value);
  if (cores.length === 0) {
    if (keys.some((k) => MODIFIER_KEYS.has(k))) {
      return fail(ctx, path, 'no core step type declared (e.g. get, put, task, etc.)');
    }
    return fail(ctx, path, stepHint(keys) ?? 'no step configured (expected one of get, put, task, set_pipeline, load_var, in_parallel, do, try)');
  }
  const core = cores[0]!;
  for (const other of cores.slice(1)) {
    fail(ctx, [...path, other], `unknown field '${other}' (this step is already a ${core} step)`, 'key', 'unknown-field');
  }
  const variant = (schema.anyOf as Schema[]).find((v) => (v.required as string[]).includes(core))!;
  const skip = cores.length > 1 ? new Set<string>(cores.slice(1)) : undefined;
  checkObject(variant, value, path, ctx, skip, (key) => stepHint([key], core));
}

/** Collects every `$id`-named schema (the recursive Step) so references resolve. */
function collectRefs(schema: unknown, refs: Map<string, Schema>, seen = new Set<unknown>()): void {
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return;
  seen.add(schema);
  const s = schema as Schema;
  if (typeof s.$id === 'string' && !refs.has(s.$id)) refs.set(s.$id, s);
  for (const v of Object.values(s)) collectRefs(v, refs, seen);
}

const refCache = new WeakMap<object, Map<string, Schema>>();

export interface StructuralResult {
  ok: boolean;
  nulls: ConfigPath[];
  /** When every error sits in a field that can be dropped: those fields (else undefined). */
  prunable?: ConfigPath[];
}

/** Whether `value` fits `schema`, reporting nothing. */
export function fitsStructure(schema: TSchema, value: unknown): boolean {
  return checkStructure(schema, value, undefined).ok;
}

/** Reports every structural problem of `value` against `schema` into `sink`. */
export function checkStructure(schema: TSchema, value: unknown, sink: DiagnosticSink | undefined, path: ConfigPath = []): StructuralResult {
  let refs = refCache.get(schema);
  if (!refs) {
    refs = new Map();
    collectRefs(schema, refs);
    refCache.set(schema, refs);
  }
  const ctx: Ctx = { sink, errors: 0, refs, nulls: [], props: [], prunable: [], unprunable: false };
  check(schema as Schema, value, [...path], ctx);
  const result: StructuralResult = { ok: ctx.errors === 0, nulls: ctx.nulls };
  if (!result.ok && !ctx.unprunable) result.prunable = ctx.prunable;
  return result;
}
