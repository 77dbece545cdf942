// Which implementation a type name means: a pipeline `resource_types:` entry (shadowing a
// built-in of the same name), else a built-in. An entry's own image type is resolved
// without the entries already on the chain, so `name: registry-image, type: registry-image`
// means the built-in, and a chain that comes back to itself is a loop.
import { ResourceError, type ResourceSource, type ResourceTypeSpec } from '../ports/resource-runner';
import type { BuiltinRegistry } from './builtin/registry';
import type { BuiltinResourceType } from './builtin/types';

export type ResolvedType =
  | { kind: 'builtin'; impl: BuiltinResourceType }
  | { kind: 'custom'; spec: ResourceTypeSpec; chain: string[] };

export function resolveType(name: string, types: ResourceTypeSpec[], builtins: BuiltinRegistry, chain: string[] = []): ResolvedType {
  const spec = types.find((t) => t.name === name && !chain.includes(t.name));
  if (spec) return { kind: 'custom', spec, chain: [...chain, name] };
  const impl = builtins.lookup(name);
  if (impl) return { kind: 'builtin', impl };
  if (chain.includes(name)) {
    throw new ResourceError('type-loop', `resource type loop: ${[...chain, name].join(' -> ')}`);
  }
  throw new ResourceError('unknown-type', `unknown resource type "${name}"`);
}

/** A resource's source with its type's `defaults` under it. */
export function withDefaults(source: ResourceSource, resolved: ResolvedType): ResourceSource {
  return resolved.kind === 'custom' && resolved.spec.defaults ? { ...resolved.spec.defaults, ...source } : source;
}

/** What a type name stands for, for cache keys: a built-in's name, or an entry and its image's identity. */
export function typeIdentity(name: string, types: ResourceTypeSpec[], builtins: BuiltinRegistry, chain: string[] = []): unknown {
  const r = resolveType(name, types, builtins, chain);
  if (r.kind === 'builtin') return r.impl.name;
  const s = r.spec;
  return { type: typeIdentity(s.type, types, builtins, r.chain), source: s.source, params: s.params ?? null, version: s.version ?? null, privileged: s.privileged ?? false };
}
