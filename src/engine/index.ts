// The build engine: runs a plan tree (src/core/planner) step by step under
// Concourse's step contract, emitting Concourse's build events. It owns build
// runs in memory only; it reaches workers, resources, pipelines, credentials and
// event storage through ports, and must never import a concrete adapter.
export { runBuild, type BuildResult } from './run-build';
export type { EngineDeps, BuildOptions, BuildIdentity } from './engine-deps';
export { DEFAULT_ABORT_GRACE_MS } from './build-run';
export type { StepOutcome } from './outcome';
export type { ArtifactLocation } from './artifacts';
export { StaticWorkerPool, type PooledWorker } from './static-worker-pool';
export { BatchingEventSink, type BatchingOptions } from './batching-event-sink';
export { varSourceLookups } from './build-vars';
