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

/** Asks each lookup in turn; the first that finds the var answers (Concourse's MultiVars). */
export function chainVars(...lookups: VarLookup[]): VarLookup {
  return (ref: VarRef) => {
    for (const lookup of lookups) {
      const answer = lookup(ref);
      if (answer.found) return answer;
    }
    return { found: false };
  };
}

/**
 * Answers `source:path` refs from the lookup registered under that source name
 * (var_sources, or `.` for local vars), asking it without the source. A source
 * that is not registered is an error naming the var, as in Concourse.
 */
export function namedVars(sources: Readonly<Record<string, VarLookup>>): VarLookup {
  return (ref: VarRef) => {
    if (ref.source === undefined || ref.source === '') return { found: false };
    const lookup = Object.prototype.hasOwnProperty.call(sources, ref.source) ? sources[ref.source] : undefined;
    if (!lookup) throw new VarsError(`missing source '${ref.source}' in var: ${formatVarRef(ref)}`, 'missing-source');
    const { source: _source, ...rest } = ref;
    return lookup({ ...rest, raw: formatVarRef(rest) });
  };
}
