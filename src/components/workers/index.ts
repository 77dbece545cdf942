// Remote workers on the web node: EngineWorkers over HTTP to `gantry worker` processes,
// the registry and pool that place steps on them, and the lifecycle loop (stalled,
// landed, retired). It must never run containers itself or serve HTTP.
export { RemoteWorkers, isRemoteAddress, type RemoteWorkersOptions } from './remote-workers';
export { RemoteRuntime } from './remote-runtime';
export { RemoteResourceRunner } from './remote-resources';
export { PoolResourceRunner } from './pool-resource-runner';
export { workerServices, type WorkerServices } from './worker-services';
export { RemoteLeftovers, type LeftoverTimes } from './remote-leftovers';
export { WorkerHttp } from './http-client';
export { WorkerLifecycle, mayStop, type WorkerLifecycleOptions } from './lifecycle';
