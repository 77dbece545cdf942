// Repository interfaces: one small interface per aggregate. Implementations
// live in src/store (PGlite and PostgreSQL share them); callers see only this.
import type {
  Build, BuildEvent, BuildEventInput, BuildEventText, BuildInput, BuildInputInput, BuildOutput, BuildOutputInput,
  BuildStatus, Job, JobBuildSummary, Json,
  MetadataField, Page, PageResult, Pin, Pipeline, PipelineRef, Resource, ResourceScope, ResourceType,
  ResourceVersion, ResourceVersionView, SavePipelineConfig, SavePipelineResult, ScopeKey, Team,
  TeamAuth, User, Version,
} from './store-rows';
import type { VersionSnapshot } from '../core/versions';
import type { ContainerRepo, VolumeRepo, WorkerRepo } from './store-workers';

export interface TeamRepo {
  /** Creates the team or replaces its auth (set-team). */
  save(name: string, auth: TeamAuth): Promise<{ team: Team; created: boolean }>;
  get(name: string): Promise<Team | null>;
  getById(id: number): Promise<Team | null>;
  list(): Promise<Team[]>;
  /** ConflictError when the new name is taken, NotFoundError when the team is missing. */
  rename(name: string, newName: string): Promise<Team>;
  /** Removes the team with its pipelines and builds. false when it did not exist. */
  destroy(name: string): Promise<boolean>;
}

export interface UserRepo {
  /** Creates the user or replaces the password hash. */
  save(username: string, passwordHash: string): Promise<User>;
  get(username: string): Promise<User | null>;
  list(): Promise<User[]>;
  recordLogin(username: string): Promise<void>;
  destroy(username: string): Promise<boolean>;
}

export interface PipelineFilter {
  /** Pipelines of these teams... */
  teams?: string[];
  /** ...plus every public pipeline of any team. */
  includePublic?: boolean;
  includeArchived?: boolean;
}

export interface PipelineRepo {
  /**
   * Saves the config and upserts the jobs, resources and resource types it declares, in one
   * transaction. Missing ones become inactive; `oldName` renames keep the row (and its builds).
   * A new pipeline starts paused; saving an archived pipeline unarchives it (still paused).
   */
  saveConfig(input: SavePipelineConfig): Promise<SavePipelineResult>;
  get(ref: PipelineRef): Promise<Pipeline | null>;
  getById(id: number): Promise<Pipeline | null>;
  /** Every instance of the pipeline name in a team. */
  instances(team: string, name: string): Promise<Pipeline[]>;
  /** Ordered by team name, then `ordering`, then name. */
  list(filter?: PipelineFilter): Promise<Pipeline[]>;
  setPaused(id: number, paused: boolean, by?: string | null): Promise<Pipeline>;
  setPublic(id: number, isPublic: boolean): Promise<Pipeline>;
  /** Pauses, drops the config and makes every job/resource inactive. History stays. */
  archive(id: number): Promise<Pipeline>;
  /** Renames every instance of name in team; ConflictError when taken. */
  rename(team: string, name: string, newName: string): Promise<void>;
  /** Puts the named pipelines first, in that order; others keep their relative order after them. */
  order(team: string, names: string[]): Promise<void>;
  destroy(id: number): Promise<boolean>;
}

export interface JobRepo {
  get(pipelineId: number, name: string): Promise<Job | null>;
  getById(id: number): Promise<Job | null>;
  /** Active jobs in config order unless includeInactive. */
  list(pipelineId: number, opts?: { includeInactive?: boolean }): Promise<Job[]>;
  /** Active jobs of several pipelines (dashboard, scheduler). */
  listForPipelines(pipelineIds: number[]): Promise<Job[]>;
  setPaused(id: number, paused: boolean, by?: string | null): Promise<Job>;
  setHasNewInputs(id: number, value: boolean): Promise<void>;
  /** Marks the job for the scheduler and notifies channel `job_schedule`. */
  requestSchedule(id: number): Promise<void>;
  /** Marks every active job of the pipelines (new versions, pin changes, unpause). */
  requestScheduleForPipelines(pipelineIds: number[]): Promise<void>;
  /** Active jobs of unpaused pipelines whose request is newer than their last pass. */
  listDueForSchedule(): Promise<Job[]>;
  /** Records a pass that handled requests up to `requestedAt` (the value the scheduler read). */
  markScheduled(id: number, requestedAt: Date): Promise<void>;
  /** Log retention moved the oldest build that still has its log (Concourse's first_logged_build_id). */
  setFirstLoggedBuild(id: number, buildId: number): Promise<void>;
}

export interface ResourceRepo {
  get(pipelineId: number, name: string): Promise<Resource | null>;
  getById(id: number): Promise<Resource | null>;
  list(pipelineId: number, opts?: { includeInactive?: boolean }): Promise<Resource[]>;
  /** Active resources that read this shared version history. */
  listByScope(scopeId: number): Promise<Resource[]>;
  /** Active resources of several pipelines (the checker's work list). */
  listForPipelines(pipelineIds: number[]): Promise<Resource[]>;
  setScope(resourceId: number, scopeId: number | null): Promise<void>;
  /** Pins (or re-pins) a user pin; InvalidStateError while the config pins the resource. */
  pin(resourceId: number, version: Version, opts?: { comment?: string | null; by?: string | null }): Promise<Pin>;
  /** Removes a pin made by a user; a pin from config stays. false when nothing was removed. */
  unpin(resourceId: number): Promise<boolean>;
  setPinComment(resourceId: number, comment: string): Promise<Pin>;
  getPin(resourceId: number): Promise<Pin | null>;
  /** Disabling is per pipeline resource: the shared history is not touched. */
  setVersionEnabled(resourceId: number, versionId: number, enabled: boolean): Promise<void>;
}

export interface ResourceTypeRepo {
  get(pipelineId: number, name: string): Promise<ResourceType | null>;
  list(pipelineId: number, opts?: { includeInactive?: boolean }): Promise<ResourceType[]>;
  setScope(resourceTypeId: number, scopeId: number | null): Promise<void>;
}

export interface CheckOutcome { succeeded: boolean; error?: string | null }

export interface VersionRepo {
  /** The one history for this type + source; created on first use. */
  findOrCreateScope(key: ScopeKey): Promise<ResourceScope>;
  getScope(id: number): Promise<ResourceScope | null>;
  /**
   * Records versions in the order check returned them (last = newest). A version already known
   * moves to the top if it is not there; metadata is replaced when given. Notifies
   * `resource_versions` with the scope id when anything changed. Returns the new ones.
   */
  saveVersions(scopeId: number, versions: { version: Version; metadata?: MetadataField[] }[]): Promise<ResourceVersion[]>;
  checkStarted(scopeId: number): Promise<void>;
  checkFinished(scopeId: number, outcome: CheckOutcome): Promise<void>;
  getVersion(id: number): Promise<ResourceVersion | null>;
  findVersion(scopeId: number, version: Version): Promise<ResourceVersion | null>;
  /** Replaces the metadata of a version the history holds (what a get's `in` reported), keeping
   *  its place in the check order; false when the history does not hold it. */
  updateMetadata(scopeId: number, version: Version, metadata: MetadataField[]): Promise<boolean>;
  latest(scopeId: number): Promise<ResourceVersion | null>;
  /** One version as a pipeline resource sees it (with its enabled flag); null if not in its history. */
  getForResource(resourceId: number, versionId: number): Promise<ResourceVersionView | null>;
  /**
   * Versions a pipeline resource sees, newest first (check order). since/until name version
   * ids: the page holds versions checked before/after that one.
   */
  listForResource(resourceId: number, page: Page): Promise<PageResult<ResourceVersionView>>;
  /** Every version of the scope in check order, oldest first (the scheduler's snapshot). */
  allInOrder(scopeId: number): Promise<ResourceVersion[]>;
}

export interface BuildFilter {
  teams?: string[];
  pipelineId?: number;
  jobId?: number;
  /** Only builds of public pipelines (and their public jobs' builds). */
  publicOnly?: boolean;
}

export interface BuildRepo {
  /** Next per-job number, taken under a row lock so concurrent creates never share one. */
  createForJob(jobId: number, opts?: { plan?: Json; createdBy?: string | null; manuallyTriggered?: boolean }): Promise<Build>;
  /** Rerun of build N: named N.1, N.2, ... */
  createRerun(buildId: number, opts?: { createdBy?: string | null }): Promise<Build>;
  /** A build with no job (execute); its name is its id. */
  /** A one-off build (no job); with `start`, created already `started` and announced on
   *  `build_started` in the same transaction (what `gantry execute` wants: one round trip). */
  createOneOff(team: string, opts?: { plan?: Json; createdBy?: string | null; start?: boolean }): Promise<Build>;
  get(id: number): Promise<Build | null>;
  getByName(jobId: number, name: string): Promise<Build | null>;
  list(filter: BuildFilter, page: Page): Promise<PageResult<Build>>;
  setPlan(id: number, plan: Json): Promise<void>;
  /** pending → started; false when it was not pending (e.g. aborted meanwhile). With
   *  `plan`, the plan is stored in the same statement; with `announce`, `build_started` is
   *  notified (at commit) when it started. */
  start(id: number, opts?: { plan?: Json; announce?: boolean }): Promise<boolean>;
  /** Ends a pending/started build; InvalidStateError if already finished. Notifies `build_finished`. */
  finish(id: number, status: Exclude<BuildStatus, 'pending' | 'started'>): Promise<Build>;
  /** Flags the abort (notifies `build_abort`); a pending build ends aborted at once. */
  requestAbort(id: number): Promise<Build>;
  /** Pending or started builds, oldest first (the build tracker's work list); with a
   *  pipeline id, only that pipeline's (a scheduling pass). */
  listRunning(filter?: { pipelineId?: number }): Promise<Build[]>;
  summaries(jobIds: number[]): Promise<Map<number, JobBuildSummary>>;
  saveInputs(buildId: number, inputs: BuildInputInput[]): Promise<void>;
  saveOutputs(buildId: number, outputs: BuildOutputInput[]): Promise<void>;
  /** Records the upstream builds that justified this build's `passed:` inputs (replaces earlier ones). */
  savePipes(buildId: number, fromBuildIds: number[]): Promise<void>;
  pipes(buildId: number): Promise<number[]>;
  inputs(buildId: number): Promise<BuildInput[]>;
  outputs(buildId: number): Promise<BuildOutput[]>;
  destroy(id: number): Promise<boolean>;
}

/** What the version algorithm reads, loaded in a few queries. */
export interface HistoryRepo {
  /**
   * One pipeline's snapshot: every active resource (by name) with all versions of its history
   * (disabled per this resource) and its pin, and every build of the pipeline's jobs (by job
   * name) with status, rerunOf, inputs, outputs and pipes.
   */
  snapshot(pipelineId: number): Promise<VersionSnapshot>;
}

export interface BuildEventRepo {
  /**
   * Appends events after the build's last one; ids are 1, 2, 3... per build, in call order.
   * Notifies channel `build_events` with the build id. Returns the last event id.
   */
  append(buildId: number, events: BuildEventInput[]): Promise<number>;
  /** Events with id > after, in order. */
  list(buildId: number, opts?: { after?: number; limit?: number }): Promise<BuildEvent[]>;
  /**
   * Like list, with each payload as its JSON text: the event stream sends it as is, without
   * parsing and re-serialising megabytes of log. At most `limit` events.
   */
  listText(buildId: number, opts: { after: number; limit: number }): Promise<BuildEventText[]>;
  /**
   * listText and the build's status read together (one snapshot): when the status is a
   * finished one, no event after these is still to come. Status null: no such build.
   */
  pageText(buildId: number, opts: { after: number; limit: number }): Promise<{ status: BuildStatus | null; events: BuildEventText[] }>;
  /** Removes a build's events (log retention); the build row stays. */
  deleteForBuild(buildId: number): Promise<number>;
}

/** Small named values the web nodes share (e.g. the token signing key generated on first start). */
export interface SettingRepo {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  /** Stores value unless the key exists; returns what is stored, so racing nodes agree. */
  setIfAbsent(key: string, value: string): Promise<string>;
}

export interface Store {
  readonly teams: TeamRepo;
  readonly users: UserRepo;
  readonly pipelines: PipelineRepo;
  readonly jobs: JobRepo;
  readonly resources: ResourceRepo;
  readonly resourceTypes: ResourceTypeRepo;
  readonly versions: VersionRepo;
  readonly builds: BuildRepo;
  readonly events: BuildEventRepo;
  readonly history: HistoryRepo;
  readonly workers: WorkerRepo;
  readonly containers: ContainerRepo;
  readonly volumes: VolumeRepo;
  readonly settings: SettingRepo;
  readonly notifier: Notifier;
  /**
   * Runs fn with a store whose every repository works in one transaction: committed when fn
   * resolves, rolled back when it throws. Nested calls join the outer transaction.
   * Inside fn use only `tx`: on PGlite (one connection) the outer store waits for the
   * transaction to end, so touching it from fn deadlocks.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Takes a transaction-scoped advisory lock named by the string, without waiting. Only useful
   * inside transaction(): the lock is released at commit/rollback (outside, at once).
   * This is how several web nodes split work (scheduler per pipeline, checker per scope).
   */
  tryLock(name: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Channels the store notifies on by itself (payload: the row id as text). Sent inside the
 * writing transaction, so a listener that wakes up reads the committed change.
 */
export const STORE_CHANNELS = {
  /** saveConfig, pause/unpause, expose/hide, archive, destroy of a pipeline. */
  pipelineChanged: 'pipeline_changed',
  /** A job asked to be scheduled (requestSchedule, unpaused); '*' after a bulk request. */
  jobSchedule: 'job_schedule',
  /** A pin or a disabled/enabled version of a pipeline resource changed. */
  resourceChanged: 'resource_changed',
  /** New versions (or a new order) in a shared version history; payload: scope id. */
  resourceVersions: 'resource_versions',
  buildCreated: 'build_created',
  buildEvents: 'build_events',
  buildFinished: 'build_finished',
  buildAbort: 'build_abort',
} as const;

/** PostgreSQL LISTEN/NOTIFY. Notifications sent inside a transaction arrive after commit. */
export interface Notifier {
  notify(channel: string, payload?: string): Promise<void>;
  /** Resolves once listening; the returned function stops it. */
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
}
