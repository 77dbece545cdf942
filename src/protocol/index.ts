// The wire contract shared by the web node, workers, the CLI and the UI: JSON
// shapes, header names and paths. Types and tiny pure helpers only; it must
// never import server modules (api, store, engine, ...).
export * from './api';
export * from './build-events';
// api.ts and build-events.ts both describe resource metadata; it is one shape.
export type { MetadataField } from './api';
export * from './workers';
