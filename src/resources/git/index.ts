// The git resource type (Concourse's git-resource) and the git helpers the semver and pool
// types share: the system git binary run with per-call auth, and the worker's bare caches.
// Must never use a git library, write credentials into a config file, or modify a put's inputs.
export { createGitType, type GitTypeOptions } from './git-type';
export { Git, withGit, pushRejected, pushUpToDate, type GitAuth, type GitResult } from './git-cli';
export { fetchCache, hasCommit, serialized, type CachedRepo } from './cache';
export { gitCheck } from './check';
export { parseGitSource, normalizeUri, type GitSource } from './source';
export { notOption, safeConfig } from './safety';
