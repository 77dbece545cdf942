// Scheduling: the pure decisions of the scheduler — create a build or not (and
// why), start a pending build or not (paused, serial groups, max_in_flight, and
// what holds it), build and rerun names, which build logs to reap, which builds a
// draining worker waits for. It must never do I/O or read the clock: callers pass
// the state and `now`, and carry out the decision.
export {
  shouldCreateBuild,
  canTriggerManually,
  type TriggerJob,
  type JobBuildSummary,
  type CreateDecision,
  type CreateOptions,
  type ManualDecision,
} from './should-create-build';
export {
  canStartBuild,
  effectiveMaxInFlight,
  serialGroupsOf,
  queueOrder,
  type ConcurrencyJob,
  type ActiveBuild,
  type StartContext,
  type StartBlock,
  type StartDecision,
} from './can-start-build';
export {
  nextBuildName,
  planRerun,
  parseBuildName,
  compareBuildNamesNewestFirst,
  type NamedBuild,
  type RerunPlan,
} from './build-names';
export { selectBuildsToReap, type RetentionPolicy, type RetainableBuild, type ReapDecision } from './retention';
export { drainDecision, type BuildOnWorker, type DrainDecision } from './interruptible';
