// Static var layers: values given on the command line (-v, -y, -l, -i) or in a
// set_pipeline step's vars. Only references without a source are answered.
import { VarsError, typeName } from './errors';
import { formatVarRef, type VarRef } from './reference';
import type { VarLookup } from './interpolate';

/**
 * Walks `fields` into `value`. A missing field, or a field of a non-map value,
 * is an error naming the var (as Concourse reports it), not a missing var.
 */
export function traverseFields(value: unknown, name: string, fields: readonly string[]): unknown {
  let current = value;
  for (const field of fields) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) {
      throw new VarsError(
        `cannot access field '${field}' of non-map value ('${typeName(current)}') from var: ${name}`,
        'invalid-field',
      );
    }
    if (!Object.prototype.hasOwnProperty.call(current, field)) {
      throw new VarsError(`missing field '${field}' in var: ${name}`, 'missing-field');
    }
    current = (current as Record<string, unknown>)[field];
  }
  return current;
}

/** A lookup over plain maps of vars; a later layer wins over an earlier one. */
export function staticVars(...layers: Record<string, unknown>[]): VarLookup {
  return (ref: VarRef) => {
    if (ref.source !== undefined && ref.source !== '') return { found: false };
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i] as Record<string, unknown>;
      if (!Object.prototype.hasOwnProperty.call(layer, ref.path)) continue;
      return { found: true, value: traverseFields(layer[ref.path], formatVarRef(ref), ref.fields) };
    }
    return { found: false };
  };
}
