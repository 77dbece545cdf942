// Vars: Concourse's `((var))` references — parsing, interpolation over plain
// YAML-shaped values, static var layers (-v/-y/-l), and log redaction of values
// that came from credential managers. Pure: it never reads files, environment or
// secret stores itself; callers pass a lookup function.
export type { VarRef } from './reference';
export { parseVarRef, formatVarRef } from './reference';
export type { VarLookup, InterpolationResult } from './interpolate';
export { interpolate, interpolateAll, findVarRefs } from './interpolate';
export { staticVars, chainVars, namedVars, traverseFields } from './static-vars';
export { redact, REDACTED } from './redact';
export { VarsError, undefinedVarsMessage, UndefinedVarsError } from './errors';
