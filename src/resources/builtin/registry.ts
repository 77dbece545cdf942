// Built-in resource types by name. The default set is `mock` and `registry-image`; later
// types (git, time, semver, pool) register here too. A pipeline's `resource_types:` entry
// of the same name shadows a built-in, as in Concourse.
import { everydayTypes } from '../everyday';
import { mockType } from '../mock/mock';
import { registryImageType } from '../registry-image/registry-image';
import type { BuiltinResourceType } from './types';

export class BuiltinRegistry {
  private readonly types = new Map<string, BuiltinResourceType>();

  constructor(types: BuiltinResourceType[] = []) {
    for (const t of types) this.register(t);
  }

  register(type: BuiltinResourceType): this {
    this.types.set(type.name, type);
    return this;
  }

  lookup(name: string): BuiltinResourceType | undefined {
    return this.types.get(name);
  }

  names(): string[] {
    return [...this.types.keys()].sort();
  }
}

export function defaultBuiltins(): BuiltinRegistry {
  return new BuiltinRegistry([mockType, registryImageType, ...everydayTypes()]);
}
