// What the build engine needs from the world beyond the worker runtime and the
// resource runner: a pool of workers to place steps on, a sink for build events,
// a way to set pipelines (set_pipeline), credential lookups for var_sources, and
// uploaded artifacts for one-off builds. Interfaces and plain data only.
import type { VarLookup } from '../core/vars';
import type { BuildEvent } from '../protocol/build-events';
import type { ResourceRunner } from './resource-runner';
import type { WorkerRuntime } from './worker-runtime';

/** One worker as the engine uses it. */
export interface EngineWorker {
  readonly name: string;
  readonly runtime: WorkerRuntime;
  readonly resources: ResourceRunner;
}

export interface WorkerRequest {
  tags?: readonly string[];
  teamName?: string;
  /** What will run there (for placement strategies and messages). */
  purpose: 'task' | 'get' | 'put' | 'check' | 'image';
}

export interface WorkerPool {
  /** A worker that has every requested tag (untagged workers when none are asked for)
   *  and serves the team; rejects with a message naming the tags when there is none. */
  pick(request: WorkerRequest): Promise<EngineWorker>;
  /** The worker of that name, to reach volumes it holds. */
  byName(name: string): EngineWorker | undefined;
}

/** Receives a build's events in order: the engine waits for a returned promise before
 *  sending the next event (and slows a chatty task down while events pile up). */
export interface BuildEventSink {
  emit(event: BuildEvent): void | Promise<void>;
  /** Called once the build has ended: store whatever is still buffered. */
  flush?(): Promise<void>;
}

export interface SetPipelineRequest {
  team: string;
  pipeline: string;
  instanceVars?: Record<string, unknown>;
  /** The pipeline config text as read from the artifact. */
  configText: string;
  /** Static vars (the step's vars, var_files in order, later wins) for the set. */
  vars: Record<string, unknown>[];
  /** The team and pipeline of the build doing the set (for `self` and permission checks). */
  fromTeam: string;
  fromPipeline?: string;
  fromJob?: string;
  fromBuildId?: number;
}

export interface PipelineSetter {
  /** Saves the config (validated as a normal set would); `changed` is false when it was identical. */
  set(request: SetPipelineRequest): Promise<{ changed: boolean }>;
}

/** A credential manager named in `var_sources` (other than the built-in `dummy`). */
export interface VarSourceFactory {
  /** A lookup for one var_sources entry; undefined when the type is not supported. */
  create(type: string, config: unknown, team: string): VarLookup | undefined;
}

/** Where a check step's versions go (the resource's version history). */
export interface CheckResultSink {
  save(check: { name: string; type: string; source: Record<string, unknown> }, versions: Record<string, string>[]): Promise<void>;
}

/** Artifacts uploaded for a one-off build (`gantry execute -i`), and where outputs go. */
export interface OneOffArtifacts {
  /** The volume holding an uploaded input. */
  input(artifactId: string): Promise<{ worker: string; volume: string }>;
  /** Called for each requested output once the task has produced it. */
  output(name: string, location: { worker: string; volume: string }): Promise<void>;
}
