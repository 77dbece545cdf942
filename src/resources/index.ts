// Resources: the worker's ResourceRunner. Owns the built-in resource types (mock,
// registry-image) that run in the worker process, running `resource_types:` images'
// /opt/resource scripts in containers, and the image cache. Reaches containers and volumes
// only through the WorkerRuntime port; must never touch the store or the API.
export { WorkerResourceRunner, type RunnerOptions } from './runner';
export { BuiltinRegistry, defaultBuiltins } from './builtin/registry';
export { BuiltinFailure, type BuiltinResourceType, type BuiltinContext, type PutInputs } from './builtin/types';
export { buildEnv } from './build-env';
export { ImageCache, readImageVolume, canonicalJson } from './image-cache';
export { mockType, DEFAULT_INITIAL_VERSION } from './mock/mock';
export { registryImageType } from './registry-image/registry-image';
export { parseRepository } from './registry-image/reference';
