// Versions: the input-version algorithm. Given a snapshot of version history and
// build history, it says which version each input of a job gets next (`latest`,
// `every`, pinned, `passed:` with Concourse's one-upstream-build consistency rule)
// or, for each input that gets none, why. It must never read the database, the
// clock or anything else outside its arguments: the scheduler loads a snapshot and
// calls it, tests call it with named examples.
export type {
  VersionFields,
  ResourceVersion,
  ResourceHistory,
  BuildStatus,
  BuildInputUse,
  BuildOutputUse,
  BuildHistoryEntry,
  VersionSnapshot,
  InputVersionConfig,
  InputConfig,
  JobInputsConfig,
  ResolvedInput,
  MissingInput,
  ResolveResult,
} from './types';
export { RESOLUTION_FAILURE } from './types';
export { resolveInputs, groupByPassedJobs } from './resolve';
export { buildVersionIndex, indexFor, type VersionIndex, type JobIndex, type ResourceIndex } from './version-index';
export { formatVersionPairs, versionLabel, pinMatches } from './format';
export { SEARCH_BUDGET } from './group-search';
export { buildExample, ref, type ExampleHistory, type ExampleBuild, type BuiltExample } from './example-history';
