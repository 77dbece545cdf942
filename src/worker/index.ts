// The worker runtime: containers on runc (or crun) supervised by one reaper process, volumes as
// directories with overlayfs copy-on-write children, safe tar in and out. Owns everything
// under its work dir; must never touch files outside it or containers it did not create.
export { RuncRuntime, type RuntimeOptions } from './supervisor/runtime';
export { logReclaim } from './supervisor/dead-cgroups';
export { chooseOciRuntime, type OciRuntimeName } from './supervisor/oci-runtime';
export { VolumeStore } from './volumes/store';
export { ociSpec, type OciSpec, type OciSpecInput, INIT_PATH_IN_CONTAINER } from './spec/oci-spec';
export { resolveUser } from './spec/users';
export { entryViolation } from './volumes/safe-tar';
