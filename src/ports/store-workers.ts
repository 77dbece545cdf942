// Repositories for workers, containers and volumes (the runtime side of the store).
import type {
  Container, ContainerInput, ContainerState, Volume, VolumeInput, VolumeKind, VolumeState, Worker, WorkerInfo,
  WorkerState,
} from './store-worker-rows';

export interface WorkerRepo {
  /** Registers or heartbeats: the worker is running until ttlSeconds from now. */
  heartbeat(info: WorkerInfo, ttlSeconds: number): Promise<Worker>;
  get(name: string): Promise<Worker | null>;
  list(): Promise<Worker[]>;
  setState(name: string, state: WorkerState): Promise<void>;
  /** Running workers past their expiry become stalled; returns their names. */
  markStalled(): Promise<string[]>;
  destroy(name: string): Promise<boolean>;
}

export interface ContainerFilter { workerName?: string; buildId?: number; teamId?: number; pipelineId?: number; jobId?: number }

export interface ContainerRepo {
  create(input: ContainerInput): Promise<Container>;
  get(handle: string): Promise<Container | null>;
  list(filter?: ContainerFilter): Promise<Container[]>;
  setState(handle: string, state: ContainerState): Promise<void>;
  keepUntil(handle: string, until: Date | null): Promise<void>;
  destroy(handle: string): Promise<boolean>;
}

export interface VolumeFilter {
  workerName?: string;
  containerHandle?: string;
  teamId?: number;
  kind?: VolumeKind;
  jobId?: number;
  buildId?: number;
}

export interface VolumeRepo {
  create(input: VolumeInput): Promise<Volume>;
  get(handle: string): Promise<Volume | null>;
  list(filter?: VolumeFilter): Promise<Volume[]>;
  findCache(filter: { workerName?: string; kind: 'resource-cache' | 'task-cache'; resourceVersionId?: number; cacheKey?: string }): Promise<Volume[]>;
  setState(handle: string, state: VolumeState): Promise<void>;
  destroy(handle: string): Promise<boolean>;
}
