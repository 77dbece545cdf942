// The build tracker: runs every started build that no engine runs (claimed through the
// store so two web nodes never run one twice), stores its events in order, and records
// the final status. It must never pick inputs or create builds (that is the scheduler's).
export { BuildTracker, BUILD_STARTED_CHANNEL, ORPHANED_MESSAGE, type BuildTrackerOptions } from './build-tracker';
export { BuildClaims, type ClaimResult } from './claims';
export { storeEventSink } from './store-event-sink';
export { storeOneOffArtifacts } from './one-off-artifacts';
