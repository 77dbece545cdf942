// Row types the store hands out. Plain data, no methods: what a caller reads
// from the database, shaped for the domain rather than for SQL.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
/** A resource version as check returns it: string keys and values, e.g. {ref: "abc"}. */
export type Version = { [key: string]: string };
export type MetadataField = { name: string; value: string };

// ---- teams and users ----------------------------------------------------
export type Role = 'owner' | 'member' | 'pipeline-operator' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'member', 'pipeline-operator', 'viewer'];
/** Who holds a role: local users by name, groups as "connector:group" strings. */
export interface RoleGrant { users: string[]; groups: string[] }
export type TeamAuth = Partial<Record<Role, RoleGrant>>;

export interface Team { id: number; name: string; auth: TeamAuth }

export interface User {
  id: number;
  username: string;
  /** Already hashed by the caller (the API); the store never sees a password. */
  passwordHash: string;
  createdAt: Date;
  lastLoginAt: Date | null;
}

// ---- pipelines and what their config declares ----------------------------
export interface PipelineRef { team: string; name: string; instanceVars?: JsonObject | null }

export interface Pipeline {
  id: number;
  teamId: number;
  teamName: string;
  name: string;
  /** null for a plain pipeline; an object for an instanced one. */
  instanceVars: JsonObject | null;
  /** The saved config (vars not yet interpolated); null once archived. */
  config: JsonObject | null;
  /** Starts at 1 on creation, +1 on every save; never reused. */
  configVersion: number;
  paused: boolean;
  pausedBy: string | null;
  pausedAt: Date | null;
  public: boolean;
  archived: boolean;
  ordering: number;
  lastUpdated: Date;
  /** The user whose save produced the current config version. */
  lastSavedBy: string | null;
  /** Set when a set_pipeline step of a build created or last updated it. */
  parentJobId: number | null;
  parentBuildId: number | null;
}

/** A job as the saved config declares it; the config is the job's JSON. */
export interface JobSpec { name: string; oldName?: string; config: JsonObject }
export interface ResourceSpec {
  name: string;
  oldName?: string;
  type: string;
  config: JsonObject;
  /** `version:` on the resource in config: pinned until the config drops it. */
  pinnedVersion?: Version | null;
}
export interface ResourceTypeSpec { name: string; type: string; config: JsonObject }

export interface SavePipelineConfig {
  team: string;
  name: string;
  instanceVars?: JsonObject | null;
  config: JsonObject;
  jobs: JobSpec[];
  resources: ResourceSpec[];
  resourceTypes: ResourceTypeSpec[];
  /**
   * The config version the caller last read. null/undefined: no check.
   * A missing pipeline counts as version 0. Stale → ConfigVersionConflictError, nothing changes.
   */
  expectedVersion?: number | null;
  /** Who saved it (username), and the build when a set_pipeline step did. */
  savedBy?: string | null;
  parentJobId?: number | null;
  parentBuildId?: number | null;
}

export interface SavePipelineResult {
  pipeline: Pipeline;
  created: boolean;
  /** Names in the previous config that this save made inactive. */
  removedJobs: string[];
  removedResources: string[];
}

export interface Job {
  id: number;
  pipelineId: number;
  name: string;
  config: JsonObject;
  /** false once the pipeline config no longer declares it; its builds stay. */
  active: boolean;
  paused: boolean;
  pausedBy: string | null;
  pausedAt: Date | null;
  hasNewInputs: boolean;
  /** Set when something asked the scheduler to look at this job. */
  scheduleRequestedAt: Date | null;
  /** The request time the scheduler last handled; due when scheduleRequestedAt is newer. */
  lastScheduledAt: Date | null;
  firstLoggedBuildId: number;
}

export interface Resource {
  id: number;
  pipelineId: number;
  name: string;
  type: string;
  config: JsonObject;
  active: boolean;
  /** The shared version history this resource reads; null until its first check. */
  scopeId: number | null;
}

export interface ResourceType {
  id: number;
  pipelineId: number;
  name: string;
  type: string;
  config: JsonObject;
  active: boolean;
  scopeId: number | null;
}

export interface Pin {
  resourceId: number;
  version: Version;
  comment: string | null;
  /** true when the pin comes from `version:` in the pipeline config. */
  fromConfig: boolean;
  pinnedBy: string | null;
  pinnedAt: Date;
}

// ---- versions (shared by type + source across pipelines) ------------------
/** What identifies one version history: same type and source share it. */
export interface ScopeKey {
  type: string;
  source: JsonObject;
  /** For custom types: the version of the type's image, so a new image starts a new history. */
  typeVersion?: Version | null;
}

export interface ResourceScope {
  id: number;
  type: string;
  sourceHash: string;
  lastCheckStart: Date | null;
  lastCheckEnd: Date | null;
  lastCheckSucceeded: boolean | null;
  checkError: string | null;
}

export interface ResourceVersion {
  id: number;
  scopeId: number;
  version: Version;
  metadata: MetadataField[];
  /** Higher is newer, in the order check reported them. */
  checkOrder: number;
  createdAt: Date;
}

/** A version as seen from one pipeline resource (disabling is per resource). */
export interface ResourceVersionView extends ResourceVersion { enabled: boolean }

// ---- builds --------------------------------------------------------------
export type BuildStatus = 'pending' | 'started' | 'succeeded' | 'failed' | 'errored' | 'aborted';
export const FINISHED_STATUSES: readonly BuildStatus[] = ['succeeded', 'failed', 'errored', 'aborted'];

export interface Build {
  id: number;
  teamId: number;
  teamName: string;
  pipelineId: number | null;
  pipelineName: string | null;
  pipelineInstanceVars: JsonObject | null;
  jobId: number | null;
  jobName: string | null;
  /** "N" per job, "N.M" for the M-th rerun of N; the id as text for one-off builds. */
  name: string;
  status: BuildStatus;
  createTime: Date;
  startTime: Date | null;
  endTime: Date | null;
  plan: Json | null;
  createdBy: string | null;
  manuallyTriggered: boolean;
  /** Abort was asked for; the engine reacts, then finishes the build as aborted. */
  abortRequested: boolean;
  rerunOf: number | null;
}

export interface BuildEventInput { type: string; payload: Json; version?: string }
export interface BuildEvent extends Required<BuildEventInput> { buildId: number; eventId: number }
/** A stored event with its payload as JSON text. */
export interface BuildEventText { eventId: number; type: string; version: string; payload: string }

export interface BuildInputInput { name: string; resourceId: number; versionId: number }
export interface BuildInput extends BuildInputInput {
  buildId: number;
  version: Version;
  /** No earlier build of the same job used this version for this input. */
  firstOccurrence: boolean;
}
export interface BuildOutputInput { name: string; resourceId: number; versionId: number }
export interface BuildOutput extends BuildOutputInput { buildId: number; version: Version }

/** Per job: the last finished build, the oldest running/pending one, the last status change. */
export interface JobBuildSummary {
  finished: Build | null;
  next: Build | null;
  transition: Build | null;
}

// ---- pagination ----------------------------------------------------------
/**
 * Cursor paging over ids, newest first, as Concourse's `?since&until&limit`:
 * `since` → ids below it (older), `until` → ids above it (newer).
 */
export interface Page { since?: number; until?: number; limit: number }
export interface PageResult<T> {
  items: T[];
  /** Cursor for the next older page, null when there is none. */
  older: Page | null;
  /** Cursor for the next newer page, null when there is none. */
  newer: Page | null;
}

// Workers, containers and volumes live in their own file; re-exported so one import serves.
export * from './store-worker-rows';
