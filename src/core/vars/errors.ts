// Errors of var parsing and interpolation. Messages follow Concourse's wording
// so that users searching for a message find the same explanations.

/** Any error raised while parsing or resolving a `((var))`. */
export class VarsError extends Error {
  /** Where in the interpolated value it happened (map keys and list indexes), when known. */
  path?: readonly (string | number)[];
  /** Whether the var was in the map key at `path` rather than in its value. */
  part?: 'key' | 'value';

  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'VarsError';
  }
}

/** Concourse sorts the names; so do we, so that the message is stable. */
export function undefinedVarsMessage(names: readonly string[]): string {
  return `undefined vars: ${[...names].sort().join(', ')}`;
}

/** Raised where every var must have a value (run time, or `--check-creds`). */
export class UndefinedVarsError extends VarsError {
  constructor(readonly vars: readonly string[]) {
    super(undefinedVarsMessage(vars), 'undefined-vars');
    this.name = 'UndefinedVarsError';
  }
}

/** A short type name for messages, in Concourse's spirit (it prints Go types). */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'map';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}
