// The Concourse pipeline and task config formats as TypeBox schemas: one
// definition gives the TypeScript types, the runtime checks and the JSON Schema.
// Schemas only: no validation logic lives here.
export * from './common';
export * from './task';
export * from './resource';
export * from './step';
export * from './job';
export * from './pipeline';
