// The wire contract shared by the web node, workers, the CLI and the UI: JSON
// shapes, header names and paths. Types and tiny pure helpers only; it must
// never import server modules (api, store, engine, ...).
export * from './api';
export * from './build-events';
