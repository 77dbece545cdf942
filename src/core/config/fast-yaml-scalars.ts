// Scalars and one-line flow collections for the fast YAML reader: plain
// scalars resolve through `yaml`'s own YAML 1.1 tags, so values match the
// full parser exactly; anything unusual throws Bail and the caller falls back.
import { Document, isScalar } from 'yaml';
import { YAML_OPTIONS } from './yaml-options';

export class Bail extends Error {}
export const bail = (): never => {
  throw new Bail();
};

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve: (value: string, onError: (msg: string) => void, options: unknown) => unknown;
}

let resolver: { tags: ScalarTag[]; options: unknown } | undefined;
const resolved = new Map<string, unknown>();

/** A plain scalar's value, exactly as `yaml` resolves it under our options. */
export function plainValue(text: string): unknown {
  const cached = resolved.get(text);
  if (cached !== undefined || resolved.has(text)) return cached;
  if (!resolver) {
    const doc = new Document(null, { ...YAML_OPTIONS });
    resolver = { tags: doc.schema.tags as unknown as ScalarTag[], options: doc.options };
  }
  const tag = resolver.tags.find((t) => t.default === true && t.test?.test(text));
  const res = tag ? tag.resolve(text, bail, resolver.options) : text;
  const value = isScalar(res) ? res.value : res; // YAML 1.1 booleans come wrapped
  if (typeof value === 'object' && value !== null) bail();
  if (resolved.size < 10_000) resolved.set(text, value);
  return value;
}

const KEY_BAD = /^[-?:,[\]{}#&*!|>'"%@`]|[\s]$|[[\]{},#"']|^<<$|^__proto__$/;
export const VALUE_BAD_START = /^[&*!%@`?,\]}#]|^- |^-$/;

export function doubleQuoted(s: string, from: number): [string, number] {
  let i = from + 1;
  let escaped = false;
  while (i < s.length && s[i] !== '"') {
    if (s[i] === '\\') {
      escaped = true;
      i++;
    }
    i++;
  }
  if (i >= s.length) bail();
  const body = s.slice(from + 1, i);
  if (!escaped) return [body, i + 1];
  try {
    return [JSON.parse(`"${body}"`) as string, i + 1];
  } catch {
    return bail();
  }
}

export function singleQuoted(s: string, from: number): [string, number] {
  let i = from + 1;
  for (;;) {
    const q = s.indexOf("'", i);
    if (q < 0) bail();
    if (s[q + 1] === "'") i = q + 2;
    else return [s.slice(from + 1, q).replaceAll("''", "'"), q + 1];
  }
}

/** Only spaces or a comment may follow a value on its line. */
export function endOfLine(s: string, at: number): void {
  const rest = s.slice(at);
  if (rest.trim() !== '' && !/^\s+#/.test(rest)) bail();
}

/** A plain scalar in a block: up to a ` #` comment, trailing spaces trimmed. */
export function plainText(s: string): string {
  const hash = s.search(/\s#/);
  const text = (hash >= 0 ? s.slice(0, hash) : s).trimEnd();
  if (text.includes(': ') || text.endsWith(':') || text.startsWith('#')) bail();
  return text;
}

export class FlowReader {
  pos = 0;
  constructor(private readonly s: string) {}

  private space(): void {
    while (this.s[this.pos] === ' ') this.pos++;
  }

  value(): unknown {
    this.space();
    const c = this.s[this.pos];
    if (c === '[') return this.seq();
    if (c === '{') return this.map();
    if (c === '"' || c === "'") {
      const [v, end] = c === '"' ? doubleQuoted(this.s, this.pos) : singleQuoted(this.s, this.pos);
      this.pos = end;
      return v;
    }
    return plainValue(this.plain());
  }

  private plain(): string {
    const start = this.pos;
    while (this.pos < this.s.length && !',[]{}'.includes(this.s[this.pos]!)) {
      if (this.s[this.pos] === ':' && /[\s,\]}]/.test(this.s[this.pos + 1] ?? ' ')) break;
      if (this.s[this.pos] === '#' && this.s[this.pos - 1] === ' ') bail();
      this.pos++;
    }
    const text = this.s.slice(start, this.pos).trim();
    if (text === '' || VALUE_BAD_START.test(text) || /^[|>]/.test(text)) bail();
    return text;
  }

  private seq(): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.space();
    if (this.s[this.pos] === ']') return this.pos++, out;
    for (;;) {
      out.push(this.value());
      this.space();
      const c = this.s[this.pos++];
      if (c === ']') return out;
      if (c !== ',') bail();
    }
  }

  private map(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.space();
    if (this.s[this.pos] === '}') return this.pos++, out;
    for (;;) {
      this.space();
      const key = this.key();
      if (Object.prototype.hasOwnProperty.call(out, key)) bail();
      out[key] = this.value();
      this.space();
      const c = this.s[this.pos++];
      if (c === '}') return out;
      if (c !== ',') bail();
    }
  }

  private key(): string {
    const c = this.s[this.pos];
    let key: string;
    if (c === '"' || c === "'") {
      [key, this.pos] = c === '"' ? doubleQuoted(this.s, this.pos) : singleQuoted(this.s, this.pos);
    } else {
      key = plainKey(this.plain());
    }
    if (this.s[this.pos] !== ':' || this.s[this.pos + 1] !== ' ') bail();
    this.pos += 2;
    return key;
  }
}

const keyCache = new Map<string, string>();

/** A plain map key as `yaml` reads it (as text: `on` → "true"), or a bail for odd keys. */
export function plainKey(text: string): string {
  const cached = keyCache.get(text);
  if (cached !== undefined) return cached;
  if (KEY_BAD.test(text) || text.length > 1024) bail();
  const value = plainValue(text);
  if (value === null) bail();
  const key = String(value);
  if (keyCache.size < 10_000) keyCache.set(text, key);
  return key;
}
