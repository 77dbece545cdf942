// Turns database rows (snake_case) into the port's row types. The SELECT lists
// here are the single place each table's columns are named for reading.
import type {
  Build, BuildStatus, Container, ContainerKind, ContainerState, Job, JsonObject, MetadataField,
  Pin, Pipeline, Resource, ResourceScope, ResourceType, ResourceVersion, Team, TeamAuth, User, Version,
  Volume, VolumeKind, VolumeState, Worker, WorkerState,
} from '../../ports';
import type { Row } from '../sql-client';

/** Reads a column with the type the schema guarantees. */
function col<T>(row: Row, name: string): T {
  return row[name] as T;
}
const date = (row: Row, name: string): Date | null => (row[name] == null ? null : new Date(row[name] as string | Date));

export function toTeam(r: Row): Team {
  return { id: col(r, 'id'), name: col(r, 'name'), auth: col<TeamAuth>(r, 'auth') };
}

export function toUser(r: Row): User {
  return {
    id: col(r, 'id'), username: col(r, 'username'), passwordHash: col(r, 'password_hash'),
    createdAt: date(r, 'created_at')!, lastLoginAt: date(r, 'last_login_at'),
  };
}

export const PIPELINE_COLUMNS = `p.id, p.team_id, t.name AS team_name, p.name, p.instance_vars, p.config,
  p.config_version, p.paused, p.paused_by, p.paused_at, p.public, p.archived, p.ordering, p.last_updated,
  p.parent_job_id, p.parent_build_id, p.last_saved_by`;

export function toPipeline(r: Row): Pipeline {
  return {
    id: col(r, 'id'), teamId: col(r, 'team_id'), teamName: col(r, 'team_name'), name: col(r, 'name'),
    instanceVars: col<JsonObject | null>(r, 'instance_vars'), config: col<JsonObject | null>(r, 'config'),
    configVersion: col(r, 'config_version'), paused: col(r, 'paused'), pausedBy: col(r, 'paused_by'),
    pausedAt: date(r, 'paused_at'), public: col(r, 'public'), archived: col(r, 'archived'),
    ordering: col(r, 'ordering'), lastUpdated: date(r, 'last_updated')!, lastSavedBy: col(r, 'last_saved_by'),
    parentJobId: col(r, 'parent_job_id'), parentBuildId: col(r, 'parent_build_id'),
  };
}

export function toJob(r: Row): Job {
  return {
    id: col(r, 'id'), pipelineId: col(r, 'pipeline_id'), name: col(r, 'name'), config: col(r, 'config'),
    active: col(r, 'active'), paused: col(r, 'paused'), pausedBy: col(r, 'paused_by'), pausedAt: date(r, 'paused_at'),
    hasNewInputs: col(r, 'has_new_inputs'), scheduleRequestedAt: date(r, 'schedule_requested_at'),
    lastScheduledAt: date(r, 'last_scheduled_at'),
    firstLoggedBuildId: col(r, 'first_logged_build_id'),
  };
}

export function toResource(r: Row): Resource {
  return {
    id: col(r, 'id'), pipelineId: col(r, 'pipeline_id'), name: col(r, 'name'), type: col(r, 'type'),
    config: col(r, 'config'), active: col(r, 'active'), scopeId: col(r, 'scope_id'),
  };
}

export function toResourceType(r: Row): ResourceType {
  return toResource(r);
}

export function toPin(r: Row): Pin {
  return {
    resourceId: col(r, 'resource_id'), version: col<Version>(r, 'version'), comment: col(r, 'comment'),
    fromConfig: col(r, 'from_config'), pinnedBy: col(r, 'pinned_by'), pinnedAt: date(r, 'pinned_at')!,
  };
}

export function toScope(r: Row): ResourceScope {
  return {
    id: col(r, 'id'), type: col(r, 'type'), sourceHash: col(r, 'source_hash'),
    lastCheckStart: date(r, 'last_check_start'), lastCheckEnd: date(r, 'last_check_end'),
    lastCheckSucceeded: col(r, 'last_check_succeeded'), checkError: col(r, 'check_error'),
  };
}

export function toVersion(r: Row): ResourceVersion {
  return {
    id: col(r, 'id'), scopeId: col(r, 'scope_id'), version: col<Version>(r, 'version'),
    metadata: col<MetadataField[]>(r, 'metadata'), checkOrder: col(r, 'check_order'), createdAt: date(r, 'created_at')!,
  };
}

export const BUILD_COLUMNS = `b.id, b.team_id, t.name AS team_name, b.pipeline_id, p.name AS pipeline_name,
  p.instance_vars AS pipeline_instance_vars, b.job_id, j.name AS job_name, b.name, b.status, b.create_time,
  b.start_time, b.end_time, b.plan, b.created_by, b.manually_triggered, b.abort_requested, b.rerun_of`;
export const BUILD_FROM = `builds b JOIN teams t ON t.id = b.team_id
  LEFT JOIN pipelines p ON p.id = b.pipeline_id LEFT JOIN jobs j ON j.id = b.job_id`;

export function toBuild(r: Row): Build {
  return {
    id: col(r, 'id'), teamId: col(r, 'team_id'), teamName: col(r, 'team_name'),
    pipelineId: col(r, 'pipeline_id'), pipelineName: col(r, 'pipeline_name'),
    pipelineInstanceVars: col(r, 'pipeline_instance_vars'), jobId: col(r, 'job_id'), jobName: col(r, 'job_name'),
    name: col(r, 'name'), status: col<BuildStatus>(r, 'status'), createTime: date(r, 'create_time')!,
    startTime: date(r, 'start_time'), endTime: date(r, 'end_time'), plan: col(r, 'plan'),
    createdBy: col(r, 'created_by'), manuallyTriggered: col(r, 'manually_triggered'),
    abortRequested: col(r, 'abort_requested'), rerunOf: col(r, 'rerun_of'),
  };
}

export function toWorker(r: Row): Worker {
  return {
    name: col(r, 'name'), address: col(r, 'address'), platform: col(r, 'platform'), tags: col(r, 'tags'),
    team: col(r, 'team'), version: col(r, 'version'), resourceTypes: col(r, 'resource_types'),
    activeContainers: col(r, 'active_containers'), activeVolumes: col(r, 'active_volumes'),
    state: col<WorkerState>(r, 'state'), startTime: date(r, 'start_time')!, expiresAt: date(r, 'expires_at'),
  };
}

export function toContainer(r: Row): Container {
  return {
    handle: col(r, 'handle'), workerName: col(r, 'worker_name'), kind: col<ContainerKind>(r, 'kind'),
    state: col<ContainerState>(r, 'state'), buildId: col(r, 'build_id'), planId: col(r, 'plan_id'),
    stepName: col(r, 'step_name'), attempt: col(r, 'attempt'), teamId: col(r, 'team_id'),
    pipelineId: col(r, 'pipeline_id'), jobId: col(r, 'job_id'), resourceScopeId: col(r, 'resource_scope_id'),
    meta: col(r, 'meta'), createdAt: date(r, 'created_at')!, keepUntil: date(r, 'keep_until'),
  };
}

export function toVolume(r: Row): Volume {
  return {
    handle: col(r, 'handle'), workerName: col(r, 'worker_name'), kind: col<VolumeKind>(r, 'kind'),
    state: col<VolumeState>(r, 'state'), containerHandle: col(r, 'container_handle'),
    parentHandle: col(r, 'parent_handle'), path: col(r, 'path'), resourceVersionId: col(r, 'resource_version_id'),
    cacheKey: col(r, 'cache_key'), jobId: col(r, 'job_id'), buildId: col(r, 'build_id'), teamId: col(r, 'team_id'),
    createdAt: date(r, 'created_at')!,
  };
}
