// Concourse's rules for jobs themselves: at least one job, unique names, build
// log retention, and (a Gantry addition) max_in_flight that serial overrides.
import type { ConfigPath, DiagnosticSink } from './diagnostics';
import type { JobConfig, PipelineConfig } from './schema';
import { checkNames } from './check-names';

function checkRetention(job: JobConfig, path: ConfigPath, sink: DiagnosticSink): void {
  const old = job.build_logs_to_retain;
  const id = `jobs.${job.name}`;
  if (old !== undefined && old !== 0) {
    sink.warning([...path, 'build_logs_to_retain'], `${id}.build_logs_to_retain is deprecated. Use build_log_retention instead.`, 'key');
  }
  const retention = job.build_log_retention;
  if (retention && old !== undefined && old !== 0) {
    sink.error([...path, 'build_logs_to_retain'], `${id} can't use both build_log_retention and build_logs_to_retain`, 'key');
  } else if (typeof old === 'number' && old < 0) {
    sink.error([...path, 'build_logs_to_retain'], `${id} has negative build_logs_to_retain: ${old}`);
  }
  if (!retention) return;
  const rPath = [...path, 'build_log_retention'];
  for (const field of ['builds', 'days', 'minimum_succeeded_builds'] as const) {
    const n = retention[field];
    if (typeof n === 'number' && n < 0) sink.error([...rPath, field], `${id} has negative build_log_retention.${field}: ${n}`);
  }
  const { builds, minimum_succeeded_builds: min } = retention;
  if (typeof builds === 'number' && typeof min === 'number' && builds > 0 && min > builds) {
    sink.error(
      [...rPath, 'minimum_succeeded_builds'],
      `${id} has build_log_retention.minimum_succeeded_builds: ${min} greater than build_log_retention.builds: ${builds}`,
    );
  }
}

function checkConcurrency(job: JobConfig, path: ConfigPath, sink: DiagnosticSink): void {
  const serial = job.serial === true || (job.serial_groups?.length ?? 0) > 0;
  const max = job.max_in_flight;
  if (serial && max !== undefined) {
    const by = job.serial === true ? 'serial: true' : 'serial_groups';
    sink.warning([...path, 'max_in_flight'], `max_in_flight is ignored: ${by} already limits the job to one build at a time`, 'key');
  }
  if (typeof max === 'number' && max < 0) sink.error([...path, 'max_in_flight'], 'must not be negative');
  job.serial_groups?.forEach((g, i) => {
    if (g === '') sink.error([...path, 'serial_groups', i], 'serial group name cannot be an empty string');
  });
}

export function checkJobs(
  config: PipelineConfig,
  sink: DiagnosticSink,
  checkSteps: (job: JobConfig, path: ConfigPath) => void,
): void {
  const jobs = config.jobs ?? [];
  if (jobs.length === 0) {
    sink.error(config.jobs ? ['jobs'] : [], 'jobs: pipeline must contain at least one job');
    return;
  }
  checkNames(jobs, 'jobs', sink);
  jobs.forEach((job, i) => {
    const path = ['jobs', i];
    checkRetention(job, path, sink);
    checkConcurrency(job, path, sink);
    checkSteps(job, path);
  });
}
