// Building blocks shared by the pipeline and task schemas. Every object is
// closed (unknown fields are errors, as Concourse's strict unmarshalling makes
// them). Booleans and numbers also accept a whole `((var))` string, because a
// var with no value at set time stays in the config until run time.
import { Type, type TProperties, type TSchema, type ObjectOptions } from '@sinclair/typebox';

/** A string that is exactly one `((var))` reference. */
export const VarString = Type.String({
  pattern: '^\\(\\([^()]+\\)\\)$',
  description: 'a ((var)) resolved when the pipeline runs',
});

export const Str = (description?: string) => Type.String(description ? { description } : {});

export const Bool = (description?: string) =>
  Type.Union([Type.Boolean(), VarString], description ? { description } : {});

export const Int = (description?: string) =>
  Type.Union([Type.Integer(), VarString], description ? { description } : {});

export const Identifier = (description?: string) =>
  Type.String({ description: description ?? 'a name: lowercase letters, digits, -, _ and .' });

const VAR_RE = String.raw`\(\([^()]+\)\)`;
const GO_DURATION_RE = String.raw`[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)`;
/** Go duration syntax (or a var), as a JSON Schema pattern. */
export const DURATION_PATTERN = `^(?:${VAR_RE}|${GO_DURATION_RE})$`;
export const CHECK_EVERY_PATTERN = `^(?:never|${VAR_RE}|${GO_DURATION_RE})$`;

/** Go duration syntax, e.g. `1h30m`, `90s`. */
export const Duration = (description?: string) =>
  Type.String({ description: description ?? 'a duration, e.g. 1m30s', pattern: DURATION_PATTERN });

/** How often to check: a duration, or `never`. */
export const CheckEvery = () =>
  Type.String({ description: 'a duration such as 1m, or never', pattern: CHECK_EVERY_PATTERN });

/** Free-form configuration handed to a resource or a var source. */
export const Params = (description?: string) =>
  Type.Record(Type.String(), Type.Unknown(), description ? { description } : {});

export const StringList = (description?: string) =>
  Type.Array(Type.String(), description ? { description } : {});

export const Tags = () => StringList('worker tags: the step runs on a worker that has all of them');

/** A concrete resource version: every field a string. */
export const Version = (description?: string) =>
  Type.Record(Type.String(), Type.String(), { description: description ?? 'a version, e.g. {ref: abc123}' });

export const Obj = <T extends TProperties>(properties: T, options: ObjectOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

export const Opt = <T extends TSchema>(schema: T) => Type.Optional(schema);

export const ContainerLimits = () =>
  Obj(
    {
      cpu: Opt(Int('CPU shares')),
      memory: Opt(Type.Union([Type.Integer(), Type.String()], { description: 'bytes, or e.g. 512MB, 1GB' })),
    },
    { description: 'resource limits for the container' },
  );
