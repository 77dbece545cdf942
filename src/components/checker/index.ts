// Checker: runs `check` for every resource and resource type that is due (check_every,
// check_timeout, jittered), one check per shared version history, records versions and the
// check's outcome in the store, and answers manual checks and webhooks. It must never decide
// which builds run (new versions only notify; the scheduler decides).
export { Checker, type CheckerOptions } from './checker';
export { runCheck, scopeFor, type CheckResult, type RunCheckOptions } from './run-check';
export { listTargets, loadTarget, pipelineResourceTypes, DEFAULT_CHECK_EVERY_MS, DEFAULT_CHECK_TIMEOUT_MS, type CheckTarget, type TargetKind } from './check-targets';
export { CHECK_CHANNELS, requestCheck, parseCheckRequest, type CheckRequestMessage, type CheckFinishedMessage } from './messages';
