// Scheduler: turns version history into builds. Per pipeline it resolves each job's inputs,
// creates builds when a trigger input has a new version, starts pending builds that may run
// (serial groups, max_in_flight, pauses) with their inputs and plan, says per job why it
// does not run, and reaps build logs past build_log_retention. It must never run a build
// (the build tracker does) nor check a resource (the checker does).
export { Scheduler, type SchedulerOptions } from './scheduler';
export { runPipelinePass, type PassResult } from './pipeline-pass';
export { startBuild } from './start-build';
export { jobInputConfigs } from './job-inputs';
export { readJobStatus, JobStatusBook, type JobStatus } from './job-status';
export { reapBuildLogs, retentionPolicy } from './log-reaper';
