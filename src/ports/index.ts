// Ports: the interfaces the engine, components and API program against.
// Interfaces and plain data only; never SQL, never a concrete adapter, never I/O.
export * from './store-rows';
export * from './store';
export * from './store-workers';
export * from './store-errors';
// The runtime ports are imported from their own files, since some of their names
// (Container, ResourceVersion, MetadataField...) mean something else there than in
// the store's rows: './worker-runtime', './resource-runner', './engine-ports'.
