// Instance vars named in a request's query, as Concourse reads them:
// `?vars={"branch":"main"}` and/or `?vars.branch="main"` (values are JSON,
// dotted keys nest). Returns undefined for a plain (non-instanced) pipeline.
import type { Json, JsonObject } from '../ports/store-rows';
import { badRequest } from './http-error';

export function instanceVarsFromQuery(query: URLSearchParams): JsonObject | undefined {
  const keys = [...new Set([...query.keys()])].filter((k) => k === 'vars' || k.startsWith('vars.')).sort();
  if (keys.length === 0) return undefined;
  const root: JsonObject = {};
  for (const key of keys) {
    const raw = query.get(key) ?? '';
    let value: Json;
    try {
      value = JSON.parse(raw) as Json;
    } catch {
      throw badRequest(`instance vars are malformed: ${key}=${raw} is not JSON`);
    }
    const path = key.split('.').slice(1);
    if (path.length === 0) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        throw badRequest('instance vars are malformed: vars must be a JSON object');
      }
      Object.assign(root, value);
    } else setPath(root, path, value);
  }
  return Object.keys(root).length > 0 ? root : undefined;
}

function setPath(root: JsonObject, path: string[], value: Json): void {
  let node = root;
  for (const seg of path.slice(0, -1)) {
    const next = node[seg];
    if (!next || typeof next !== 'object' || Array.isArray(next)) node[seg] = {};
    node = node[seg] as JsonObject;
  }
  node[path[path.length - 1]!] = value;
}
