// The JSON shapes of Gantry's /api/v1, field for field as Concourse's atc
// package names them, so fly-shaped clients and the gantry CLI read both alike.
// Types only: the web node, the CLI and the UI share this file.

/** Instance vars of an instanced pipeline (`-i k=v` on set-pipeline). */
export type InstanceVars = Record<string, unknown>;

/** A resource version: Concourse keeps every field a string. */
export type Version = Record<string, string>;

export interface MetadataField {
  name: string;
  value: string;
}

export type BuildStatus = 'pending' | 'started' | 'succeeded' | 'failed' | 'errored' | 'aborted';

export const BUILD_STATUSES: readonly BuildStatus[] = [
  'pending',
  'started',
  'succeeded',
  'failed',
  'errored',
  'aborted',
];

/** Concourse's team roles, strongest first. */
export type Role = 'owner' | 'member' | 'pipeline-operator' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'member', 'pipeline-operator', 'viewer'];

/** GET /api/v1/info */
export interface Info {
  version: string;
  worker_version: string;
  feature_flags: Record<string, boolean>;
  external_url?: string;
  cluster_name?: string;
}

/**
 * Role → who holds it. Users are `local:NAME` (connector:user), as in Concourse:
 * `{ "owner": { "users": ["local:admin"], "groups": [] } }`.
 */
export type TeamAuth = Partial<Record<Role, { users?: string[]; groups?: string[] }>>;

/** GET /api/v1/teams, GET/PUT /api/v1/teams/:team */
export interface Team {
  id?: number;
  name?: string;
  auth?: TeamAuth;
}

export interface GroupConfig {
  name: string;
  jobs?: string[];
  resources?: string[];
}

export interface Pipeline {
  id: number;
  name: string;
  instance_vars?: InstanceVars;
  paused: boolean;
  paused_by?: string;
  paused_at?: number;
  public: boolean;
  archived: boolean;
  groups?: GroupConfig[];
  team_name: string;
  display?: { background_image?: string; background_filter?: string };
  parent_build_id?: number;
  parent_job_id?: number;
  /** Unix seconds. */
  last_updated?: number;
}

/** PUT /api/v1/teams/:team/pipelines/:pipeline/rename, PUT /api/v1/teams/:team/rename */
export interface RenameRequest {
  name: string;
}

/** PUT /api/v1/teams/:team/pipelines/ordering: a JSON array of pipeline names. */
export type OrderPipelinesRequest = string[];

/** GET .../config; the config version travels in the X-Concourse-Config-Version header. */
export interface ConfigResponse {
  config: unknown;
}

export interface ConfigWarning {
  type: string;
  message: string;
}

/** PUT .../config answers this; on 400 `errors` holds every validation error. */
export interface SaveConfigResponse {
  errors?: string[];
  warnings?: ConfigWarning[];
}

export const CONFIG_VERSION_HEADER = 'X-Concourse-Config-Version';
/** Gantry extension: the file the client read the config from; error texts name it. */
export const CONFIG_FILE_HEADER = 'X-Gantry-Config-File';

export interface RerunOfBuild {
  id?: number;
  name?: string;
}

export interface Build {
  id: number;
  team_name: string;
  name: string;
  status: BuildStatus;
  api_url: string;
  comment?: string;
  job_name?: string;
  resource_name?: string;
  pipeline_id?: number;
  pipeline_name?: string;
  pipeline_instance_vars?: InstanceVars;
  /** Unix seconds. */
  start_time?: number;
  end_time?: number;
  reap_time?: number;
  rerun_number?: number;
  rerun_of?: RerunOfBuild;
  created_by?: string;
}

export interface JobInput {
  name: string;
  resource: string;
  trigger: boolean;
  passed?: string[];
}

export interface JobOutput {
  name: string;
  resource: string;
}

export interface Job {
  id: number;
  name: string;
  team_name: string;
  pipeline_id: number;
  pipeline_name: string;
  pipeline_instance_vars?: InstanceVars;
  paused?: boolean;
  paused_by?: string;
  paused_at?: number;
  has_new_inputs?: boolean;
  groups?: string[];
  first_logged_build_id?: number;
  disable_manual_trigger?: boolean;
  disable_reruns?: boolean;
  next_build: Build | null;
  finished_build: Build | null;
  transition_build?: Build | null;
  inputs?: JobInput[];
  outputs?: JobOutput[];
}

export interface BuildSummary {
  id: number;
  name: string;
  status: BuildStatus;
  start_time?: number;
  end_time?: number;
  team_name: string;
  pipeline_id: number;
  pipeline_name: string;
  job_name?: string;
}

export interface Resource {
  name: string;
  pipeline_id: number;
  pipeline_name: string;
  pipeline_instance_vars?: InstanceVars;
  team_name: string;
  type: string;
  /** Unix seconds. */
  last_checked?: number;
  icon?: string;
  pinned_version?: Version;
  pinned_in_config?: boolean;
  pin_comment?: string;
  build?: BuildSummary;
}

export interface ResourceVersion {
  id: number;
  metadata?: MetadataField[];
  version: Version;
  enabled: boolean;
}

/** GET /api/v1/user */
export interface UserInfo {
  sub: string;
  name: string;
  user_id: string;
  user_name: string;
  email: string;
  is_admin: boolean;
  is_system: boolean;
  /** team name → the roles this user holds there */
  teams: Record<string, Role[]>;
  connector: string;
  display_user_id: string;
}

/** POST /sky/issuer/token (password grant), as fly logs in. */
export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  /** Seconds. */
  expires_in: number;
  id_token: string;
}

/** Body of every error Gantry's API returns (Concourse often answers with an empty body). */
export interface ErrorBody {
  errors: string[];
}

/** Query names of list pagination (`from`/`to` are Concourse's; `since`/`until` older aliases). */
export const PAGINATION = { limit: 'limit', from: 'from', to: 'to', since: 'since', until: 'until' } as const;
export const PAGINATION_DEFAULT_LIMIT = 100;

/** Paths of /api/v1 (Concourse's routes), for clients building URLs. */
export const API_PATHS = {
  info: '/api/v1/info',
  user: '/api/v1/user',
  token: '/sky/issuer/token',
  teams: '/api/v1/teams',
  team: (team: string) => `/api/v1/teams/${enc(team)}`,
  allPipelines: '/api/v1/pipelines',
  allJobs: '/api/v1/jobs',
  allResources: '/api/v1/resources',
  pipelines: (team: string) => `/api/v1/teams/${enc(team)}/pipelines`,
  pipeline: (team: string, p: string) => `/api/v1/teams/${enc(team)}/pipelines/${enc(p)}`,
  builds: '/api/v1/builds',
  build: (id: number | string) => `/api/v1/builds/${enc(String(id))}`,
} as const;

function enc(s: string): string {
  return encodeURIComponent(s);
}

/**
 * Query parameters that name an instanced pipeline: `vars.KEY=<json>` per
 * flattened key, as fly sends them. Empty for a plain pipeline.
 */
export function instanceVarsQuery(vars: InstanceVars | undefined): URLSearchParams {
  const q = new URLSearchParams();
  const walk = (prefix: string, v: unknown): void => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const k of Object.keys(v).sort()) walk(`${prefix}.${k}`, (v as Record<string, unknown>)[k]);
    } else q.set(prefix, JSON.stringify(v));
  };
  if (vars) for (const k of Object.keys(vars).sort()) walk(`vars.${k}`, vars[k]);
  return q;
}
