// What a build run is given: ports, the build's identity, vars and options.
import type { VarSourceConfig } from '../core/config';
import type { BuildEventSink, CheckResultSink, OneOffArtifacts, PipelineSetter, VarSourceFactory, WorkerPool } from '../ports/engine-ports';
import type { BuildMetadata } from '../ports/resource-runner';

export interface EngineDeps {
  workers: WorkerPool;
  events: BuildEventSink;
  pipelines?: PipelineSetter;
  varSourceFactory?: VarSourceFactory;
  oneOff?: OneOffArtifacts;
  checkResults?: CheckResultSink;
  /** Milliseconds since the epoch; injected so tests can pin event times. */
  now?: () => number;
}

export interface BuildIdentity extends BuildMetadata {
  teamName: string;
}

export interface BuildOptions {
  build: BuildIdentity;
  /** The pipeline's `var_sources`. */
  varSources?: readonly VarSourceConfig[];
  /** Static vars (instance vars, `execute -v`), answering `((name))` without a source. */
  staticVars?: Record<string, unknown>;
  /** Aborts the build: running containers get SIGTERM, then SIGKILL after `abortGraceMs`. */
  signal?: AbortSignal;
  abortGraceMs?: number;
  /** Keep the build's volumes after it ends (one-off outputs are downloaded afterwards). */
  keepVolumes?: boolean;
  /** Leave the containers of failed or errored tasks (and the build's volumes) for
   *  intercept; the caller removes them later from BuildResult.retained. */
  keepFailedContainers?: boolean;
  /** Return once the final status is out, with the removal of the build's containers and
   *  volumes still running in BuildResult.cleanup (which the caller awaits). Otherwise
   *  runBuild returns after the removal. */
  deferCleanup?: boolean;
}
