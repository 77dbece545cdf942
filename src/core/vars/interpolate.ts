// Interpolation of `((var))` references inside a plain value (what `yaml`'s
// toJS gives: maps, lists, scalars), following Concourse's template rules:
// - a string that is exactly one reference is replaced by the value itself,
//   keeping its structure (a map stays a map, a number stays a number);
// - a reference inside a longer string is replaced by the value as text, and
//   only scalar values may be used there;
// - map keys are interpolated too;
// - a reference with no value is left as written, for later resolution (run
//   time, credential managers), and reported in `missing`.
import { UndefinedVarsError, VarsError, typeName } from './errors';
import { formatVarRef, parseVarRef, type VarRef } from './reference';

export type VarLookup = (
  ref: VarRef,
) => { found: true; value: unknown; redact?: boolean } | { found: false };

export interface InterpolationResult {
  value: unknown;
  /** Canonical names of vars with no value (e.g. `a`, `vault:b.c`), once each, in order of appearance. */
  missing: string[];
  /** String values that came from lookups marked `redact` (credentials), once each. */
  secrets: string[];
}

// The characters Concourse accepts between the parentheses; anything else
// (spaces, parentheses) is not a reference and stays as plain text.
const REF_PATTERN = String.raw`\(\(((?:[-/.\w\p{L}]+:)?[-/.:@"\w\p{L}]+)\)\)`;
const REF_GLOBAL = new RegExp(REF_PATTERN, 'gu');
const REF_WHOLE = new RegExp(`^${REF_PATTERN}$`, 'u');

function refTexts(text: string): string[] {
  return Array.from(text.matchAll(REF_GLOBAL), (m) => m[1] as string);
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function isScalar(value: unknown): value is string | number | boolean | bigint {
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' || t === 'bigint';
}

/** Sets a key as an own property, even `__proto__`, which plain assignment would treat as the prototype. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

class Interpolator {
  readonly missing: string[] = [];
  readonly secrets: string[] = [];
  private readonly seenMissing = new Set<string>();
  private readonly seenSecrets = new Set<string>();

  constructor(private readonly lookup: VarLookup) {}

  /**
   * The map keys and list indexes leading to the node being interpolated.
   * Not unwound when an error is thrown, so `run` can say where it happened.
   */
  private readonly path: (string | number)[] = [];
  private part: 'key' | 'value' = 'value';

  run(node: unknown): unknown {
    try {
      return this.value(node);
    } catch (err) {
      if (err instanceof VarsError && err.path === undefined) {
        err.path = [...this.path];
        err.part = this.part;
      }
      throw err;
    }
  }

  private value(node: unknown): unknown {
    if (Array.isArray(node)) {
      const out = new Array<unknown>(node.length);
      for (let i = 0; i < node.length; i++) {
        this.path.push(i);
        out[i] = this.value(node[i]);
        this.path.pop();
      }
      return out;
    }
    if (isPlainMap(node)) return this.map(node);
    if (typeof node === 'string') {
      this.part = 'value';
      return this.string(node);
    }
    return node;
  }

  private map(node: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      this.path.push(key);
      this.part = 'key';
      const newKey = this.key(key);
      const value = this.value(node[key]);
      if (newKey === '__proto__') setOwn(out, newKey, value);
      else out[newKey] = value;
      this.path.pop();
    }
    return out;
  }

  private key(key: string): string {
    const newKey = this.string(key);
    if (!isScalar(newKey)) {
      throw new VarsError(
        `cannot use non-primitive value (${typeName(newKey)}) as a map key from var: ${key.slice(2, -2)}`,
        'invalid-interpolation',
      );
    }
    return String(newKey);
  }

  private string(text: string): unknown {
    if (!text.includes('((')) return text;
    let result = text;
    for (const raw of refTexts(text)) {
      const ref = parseVarRef(raw);
      const found = this.resolve(ref);
      if (!found) continue;
      if (REF_WHOLE.test(text)) return found.value;
      if (!isScalar(found.value)) {
        throw new VarsError(
          `cannot interpolate non-primitive value (${typeName(found.value)}) from var: ${raw}`,
          'invalid-interpolation',
        );
      }
      result = result.replaceAll(`((${raw}))`, String(found.value));
    }
    return result;
  }

  private resolve(ref: VarRef): { value: unknown } | undefined {
    const answer = this.lookup(ref);
    if (!answer.found) {
      const name = formatVarRef(ref);
      if (!this.seenMissing.has(name)) {
        this.seenMissing.add(name);
        this.missing.push(name);
      }
      return undefined;
    }
    if (answer.redact) this.collectSecrets(answer.value);
    return { value: answer.value };
  }

  private collectSecrets(value: unknown): void {
    if (Array.isArray(value)) value.forEach((v) => this.collectSecrets(v));
    else if (isPlainMap(value)) Object.values(value).forEach((v) => this.collectSecrets(v));
    else if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
      // A number from a credential (a PIN, a port, an account id) is as secret as a string and
      // reaches logs as its decimal text. Booleans are left out: redacting `true` would blank
      // every log line that says it.
      const text = String(value);
      if (text === '' || this.seenSecrets.has(text)) return;
      this.seenSecrets.add(text);
      this.secrets.push(text);
    }
  }
}

/**
 * Replaces every `((var))` the lookup can answer; the input is not modified.
 * Throws VarsError for bad reference syntax, for a non-scalar value used
 * inside a longer string, and for whatever the lookup throws (e.g. a field of
 * a non-map value).
 */
export function interpolate(value: unknown, lookup: VarLookup): InterpolationResult {
  const interpolator = new Interpolator(lookup);
  const result = interpolator.run(value);
  return { value: result, missing: interpolator.missing, secrets: interpolator.secrets };
}

/** Like interpolate, but every var must have a value: throws `undefined vars: ...` otherwise (run time, --check-creds). */
export function interpolateAll(value: unknown, lookup: VarLookup): InterpolationResult {
  const result = interpolate(value, lookup);
  if (result.missing.length > 0) throw new UndefinedVarsError(result.missing);
  return result;
}

/** Every distinct reference in strings and map keys, in order of first appearance. Throws on bad syntax. */
export function findVarRefs(value: unknown): VarRef[] {
  const seen = new Set<string>();
  const refs: VarRef[] = [];
  const visitString = (text: string): void => {
    if (!text.includes('((')) return;
    for (const raw of refTexts(text)) {
      if (seen.has(raw)) continue;
      seen.add(raw);
      refs.push(parseVarRef(raw));
    }
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isPlainMap(node)) {
      for (const [key, item] of Object.entries(node)) {
        visitString(key);
        visit(item);
      }
    } else if (typeof node === 'string') visitString(node);
  };
  visit(value);
  return refs;
}
