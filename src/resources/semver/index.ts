// The semver resource type (Concourse's semver-resource): a version number kept in a git
// branch (`driver: git`) or, a Gantry addition, in a file of the worker's store
// (`driver: file`). Bumps are compare-and-swap; must never lose a concurrent bump.
export { createSemverType, type SemverTypeOptions } from './semver-type';
export { parseSemver, formatSemver, compareSemver, applyBump, type SemVer, type BumpParams } from './version';
export { gitDriver, fileDriver, type SemverDriver } from './drivers';
