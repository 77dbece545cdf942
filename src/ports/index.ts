// Ports: the interfaces the engine, components and API program against.
// Interfaces and plain data only; never SQL, never a concrete adapter, never I/O.
export * from './store-rows';
export * from './store';
export * from './store-workers';
export * from './store-errors';
