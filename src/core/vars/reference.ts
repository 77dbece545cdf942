// Parsing of the text inside `((...))`: an optional `source:` prefix, then a
// path and fields separated by dots; segments may be double-quoted to contain
// dots, colons or slashes. Unquoted segments are trimmed, quoted ones are not.
import { VarsError } from './errors';

export interface VarRef {
  /** The var source name (`var_sources`, or `.` for local vars); absent for plain vars. */
  source?: string;
  /** The first segment: the var's name. */
  path: string;
  /** The remaining segments, walked into the value. */
  fields: string[];
  /** The text between `((` and `))` exactly as written. */
  raw: string;
}

/** Index of the first `ch` outside double quotes, or -1. */
function findUnquoted(text: string, ch: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) return i;
  }
  return -1;
}

function splitSegments(text: string): string[] {
  const segments: string[] = [];
  let rest = text;
  for (;;) {
    const dot = findUnquoted(rest, '.');
    const segment = dot < 0 ? rest : rest.slice(0, dot);
    segments.push(segment.trim().replaceAll('"', ''));
    if (dot < 0) return segments;
    rest = rest.slice(dot + 1);
  }
}

/**
 * Parses `name`, `name.field`, `source:path.field`, `"a.b".c` — with or
 * without the surrounding `((` `))`. Throws a VarsError on bad syntax.
 */
export function parseVarRef(text: string): VarRef {
  const inner = text.startsWith('((') && text.endsWith('))') ? text.slice(2, -2) : text;
  let body = inner;
  let source: string | undefined;
  const colon = findUnquoted(inner, ':');
  if (colon >= 0) {
    source = inner.slice(0, colon);
    if (source.includes('"')) {
      throw new VarsError(`invalid var '${inner}': source must not be quoted`, 'invalid-var');
    }
    body = inner.slice(colon + 1);
  }
  const segments = splitSegments(body);
  if (segments.some((s) => s === '')) {
    throw new VarsError(`invalid var '${inner}': empty field`, 'invalid-var');
  }
  const [path, ...fields] = segments as [string, ...string[]];
  const ref: VarRef = { path, fields, raw: inner };
  if (source !== undefined) ref.source = source;
  return ref;
}

function segmentText(segment: string): string {
  return /[,.:/ ]/.test(segment) ? JSON.stringify(segment) : segment;
}

/** The canonical text of a reference (quotes re-added where needed), as Concourse names vars in messages. */
export function formatVarRef(ref: Pick<VarRef, 'source' | 'path' | 'fields'>): string {
  const body = [ref.path, ...ref.fields].map(segmentText).join('.');
  return ref.source !== undefined && ref.source !== '' ? `${ref.source}:${body}` : body;
}
