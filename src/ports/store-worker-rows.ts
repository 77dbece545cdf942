// Row types for workers and the containers and volumes they hold: what the web node
// records so GC, intercept and `gantry containers/volumes` work across restarts.
import type { JsonObject } from './store-rows';

export type WorkerState = 'running' | 'stalled' | 'landing' | 'landed' | 'retiring';

export interface WorkerInfo {
  name: string;
  /** Where the web node reaches the worker (HTTP base URL). */
  address: string;
  platform: string;
  tags: string[];
  /** A team-only worker; null for a shared one. */
  team: string | null;
  version: string;
  resourceTypes: JsonObject[];
  activeContainers: number;
  activeVolumes: number;
}

export interface Worker extends WorkerInfo {
  state: WorkerState;
  startTime: Date;
  /** The worker must heartbeat before this or it is stalled. */
  expiresAt: Date | null;
}

export type ContainerState = 'creating' | 'created' | 'destroying' | 'failed';
export type ContainerKind = 'task' | 'get' | 'put' | 'check' | 'image';

export interface ContainerInput {
  handle: string;
  workerName: string;
  kind: ContainerKind;
  buildId?: number | null;
  planId?: string | null;
  stepName?: string | null;
  attempt?: string | null;
  teamId?: number | null;
  pipelineId?: number | null;
  jobId?: number | null;
  resourceScopeId?: number | null;
  /** Free-form details the worker runtime needs (user, working dir...). */
  meta?: JsonObject;
  /** Default 'creating'; a runtime recording a container it already made says 'created'. */
  state?: ContainerState;
}

export interface Container extends Required<ContainerInput> {
  state: ContainerState;
  createdAt: Date;
  /** Kept for intercept until this time (failed builds); null: GC as soon as unused. */
  keepUntil: Date | null;
}

export type VolumeState = 'creating' | 'created' | 'destroying' | 'failed';
export type VolumeKind = 'container' | 'resource-cache' | 'task-cache' | 'artifact' | 'image';

export interface VolumeInput {
  handle: string;
  workerName: string;
  kind: VolumeKind;
  containerHandle?: string | null;
  /** The volume this one is a copy-on-write child of. */
  parentHandle?: string | null;
  /** Mount path inside the container, for container volumes. */
  path?: string | null;
  /** resource-cache: the version it holds; task-cache: job + step + path. */
  resourceVersionId?: number | null;
  cacheKey?: string | null;
  jobId?: number | null;
  buildId?: number | null;
  teamId?: number | null;
}

export interface Volume extends Required<VolumeInput> {
  state: VolumeState;
  createdAt: Date;
}
