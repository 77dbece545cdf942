// The mock resource refuses payloads with unknown or mistyped fields, as Concourse's mock
// (Go's json decoder with DisallowUnknownFields) does; messages follow Go's wording.
import { BuiltinFailure } from '../builtin/types';

type Kind = 'string' | 'bool' | 'object' | 'metadata';
type Shape = Record<string, Kind>;

export const SOURCE_SHAPE: Shape = {
  mirror_self: 'bool', initial_version: 'string', no_initial_version: 'bool', force_version: 'string',
  create_files: 'object', check_delay: 'string', check_failure: 'string', metadata: 'metadata', log: 'string',
};
export const VERSION_SHAPE: Shape = { version: 'string', privileged: 'string' };
export const GET_PARAMS_SHAPE: Shape = { mirror_self_via_params: 'bool', create_files_via_params: 'object' };
export const PUT_PARAMS_SHAPE: Shape = { version: 'string', print_env: 'bool', file: 'string' };

const GO_TYPE: Record<Kind, string> = { string: 'string', bool: 'bool', object: 'map[string]interface {}', metadata: '[]resource.MetadataField' };

function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

function fits(kind: Kind, v: unknown): boolean {
  if (v === null) return true; // Go leaves the zero value
  switch (kind) {
    case 'string': return typeof v === 'string';
    case 'bool': return typeof v === 'boolean';
    case 'object': return typeof v === 'object' && !Array.isArray(v);
    case 'metadata': return Array.isArray(v) && v.every((f) => f && typeof f === 'object'
      && Object.keys(f).every((k) => k === 'name' || k === 'value')
      && ['name', 'value'].every((k) => (f as Record<string, unknown>)[k] === undefined || typeof (f as Record<string, unknown>)[k] === 'string'));
  }
}

/** Checks one part of the request (`source`, `version`, `params`); throws what the Go decoder says. */
export function checkPayload<T>(part: string, struct: string, shape: Shape, value: unknown): T {
  if (value === undefined || value === null) return {} as T;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new BuiltinFailure(`invalid payload: json: cannot unmarshal ${jsonKind(value)} into Go struct field .${part} of type resource.${struct}`);
  }
  for (const [key, v] of Object.entries(value)) {
    const kind = shape[key];
    if (!kind) throw new BuiltinFailure(`invalid payload: json: unknown field "${key}"`);
    if (!fits(kind, v)) {
      throw new BuiltinFailure(`invalid payload: json: cannot unmarshal ${jsonKind(v)} into Go struct field ${struct}.${part}.${key} of type ${GO_TYPE[kind]}`);
    }
  }
  return value as T;
}
