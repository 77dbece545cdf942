-- Gantry's first schema: teams, users, pipelines and what their config declares,
-- shared version histories, builds with their events and inputs/outputs, workers,
-- containers and volumes. Ids are 32-bit serials (Concourse's choice too).

CREATE TABLE teams (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  auth jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE users (
  id serial PRIMARY KEY,
  username text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);

CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE pipelines (
  id serial PRIMARY KEY,
  team_id integer NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  name text NOT NULL,
  instance_vars jsonb,
  config jsonb,
  config_version integer NOT NULL DEFAULT 1,
  paused boolean NOT NULL DEFAULT true,
  paused_by text,
  paused_at timestamptz,
  public boolean NOT NULL DEFAULT false,
  archived boolean NOT NULL DEFAULT false,
  ordering integer NOT NULL DEFAULT 0,
  last_updated timestamptz NOT NULL DEFAULT now(),
  parent_job_id integer,
  parent_build_id integer
);
-- jsonb compares by value, so {"a":1,"b":2} and {"b":2,"a":1} name the same instance.
CREATE UNIQUE INDEX pipelines_identity ON pipelines (team_id, name, COALESCE(instance_vars, 'null'::jsonb));

CREATE TABLE jobs (
  id serial PRIMARY KEY,
  pipeline_id integer NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
  name text NOT NULL,
  config jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  ordering integer NOT NULL DEFAULT 0,
  paused boolean NOT NULL DEFAULT false,
  paused_by text,
  paused_at timestamptz,
  has_new_inputs boolean NOT NULL DEFAULT false,
  schedule_requested_at timestamptz,
  first_logged_build_id integer NOT NULL DEFAULT 0,
  next_build_number integer NOT NULL DEFAULT 1,
  UNIQUE (pipeline_id, name)
);

-- One version history per type + source (+ custom type version): Concourse's global resources.
CREATE TABLE resource_scopes (
  id serial PRIMARY KEY,
  type text NOT NULL,
  source_hash text NOT NULL,
  last_check_start timestamptz,
  last_check_end timestamptz,
  last_check_succeeded boolean,
  check_error text,
  UNIQUE (type, source_hash)
);

CREATE TABLE resource_versions (
  id serial PRIMARY KEY,
  scope_id integer NOT NULL REFERENCES resource_scopes (id) ON DELETE CASCADE,
  version jsonb NOT NULL,
  version_md5 text NOT NULL,
  metadata jsonb NOT NULL DEFAULT '[]',
  check_order integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (scope_id, version_md5)
);
CREATE INDEX resource_versions_order ON resource_versions (scope_id, check_order);

CREATE TABLE resources (
  id serial PRIMARY KEY,
  pipeline_id integer NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
  name text NOT NULL,
  type text NOT NULL,
  config jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  ordering integer NOT NULL DEFAULT 0,
  scope_id integer REFERENCES resource_scopes (id) ON DELETE SET NULL,
  UNIQUE (pipeline_id, name)
);
CREATE INDEX resources_scope ON resources (scope_id);

CREATE TABLE resource_types (
  id serial PRIMARY KEY,
  pipeline_id integer NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
  name text NOT NULL,
  type text NOT NULL,
  config jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  ordering integer NOT NULL DEFAULT 0,
  scope_id integer REFERENCES resource_scopes (id) ON DELETE SET NULL,
  UNIQUE (pipeline_id, name)
);

CREATE TABLE resource_pins (
  resource_id integer PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
  version jsonb NOT NULL,
  comment text,
  from_config boolean NOT NULL DEFAULT false,
  pinned_by text,
  pinned_at timestamptz NOT NULL DEFAULT now()
);

-- Disabling is per pipeline resource, so one pipeline cannot hide a version from another.
CREATE TABLE resource_disabled_versions (
  resource_id integer NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  version_id integer NOT NULL REFERENCES resource_versions (id) ON DELETE CASCADE,
  PRIMARY KEY (resource_id, version_id)
);

CREATE TABLE builds (
  id serial PRIMARY KEY,
  team_id integer NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  pipeline_id integer REFERENCES pipelines (id) ON DELETE CASCADE,
  job_id integer REFERENCES jobs (id) ON DELETE CASCADE,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'started', 'succeeded', 'failed', 'errored', 'aborted')),
  create_time timestamptz NOT NULL DEFAULT now(),
  start_time timestamptz,
  end_time timestamptz,
  plan jsonb,
  created_by text,
  manually_triggered boolean NOT NULL DEFAULT false,
  abort_requested boolean NOT NULL DEFAULT false,
  rerun_of integer REFERENCES builds (id) ON DELETE SET NULL,
  rerun_number integer NOT NULL DEFAULT 0,
  last_event_id integer NOT NULL DEFAULT 0,
  UNIQUE (job_id, name)
);
CREATE INDEX builds_job ON builds (job_id, id);
CREATE INDEX builds_pipeline ON builds (pipeline_id, id);
CREATE INDEX builds_team ON builds (team_id, id);
CREATE INDEX builds_running ON builds (id) WHERE status IN ('pending', 'started');

CREATE TABLE build_events (
  build_id integer NOT NULL REFERENCES builds (id) ON DELETE CASCADE,
  event_id integer NOT NULL,
  type text NOT NULL,
  version text NOT NULL DEFAULT '1.0',
  payload jsonb NOT NULL,
  PRIMARY KEY (build_id, event_id)
);

CREATE TABLE build_inputs (
  build_id integer NOT NULL REFERENCES builds (id) ON DELETE CASCADE,
  name text NOT NULL,
  resource_id integer NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  version_id integer NOT NULL REFERENCES resource_versions (id) ON DELETE CASCADE,
  first_occurrence boolean NOT NULL,
  PRIMARY KEY (build_id, name)
);
CREATE INDEX build_inputs_version ON build_inputs (resource_id, version_id);

CREATE TABLE build_outputs (
  build_id integer NOT NULL REFERENCES builds (id) ON DELETE CASCADE,
  name text NOT NULL,
  resource_id integer NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  version_id integer NOT NULL REFERENCES resource_versions (id) ON DELETE CASCADE,
  PRIMARY KEY (build_id, resource_id, version_id)
);
CREATE INDEX build_outputs_version ON build_outputs (resource_id, version_id);

CREATE TABLE workers (
  name text PRIMARY KEY,
  address text NOT NULL,
  platform text NOT NULL DEFAULT 'linux',
  tags jsonb NOT NULL DEFAULT '[]',
  team text,
  version text NOT NULL DEFAULT '',
  resource_types jsonb NOT NULL DEFAULT '[]',
  active_containers integer NOT NULL DEFAULT 0,
  active_volumes integer NOT NULL DEFAULT 0,
  state text NOT NULL DEFAULT 'running'
    CHECK (state IN ('running', 'stalled', 'landing', 'landed', 'retiring')),
  start_time timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz
);

CREATE TABLE containers (
  handle text PRIMARY KEY,
  worker_name text NOT NULL REFERENCES workers (name) ON DELETE CASCADE,
  kind text NOT NULL,
  state text NOT NULL DEFAULT 'creating',
  build_id integer REFERENCES builds (id) ON DELETE SET NULL,
  plan_id text,
  step_name text,
  attempt text,
  team_id integer REFERENCES teams (id) ON DELETE CASCADE,
  pipeline_id integer REFERENCES pipelines (id) ON DELETE SET NULL,
  job_id integer REFERENCES jobs (id) ON DELETE SET NULL,
  resource_scope_id integer REFERENCES resource_scopes (id) ON DELETE SET NULL,
  meta jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  keep_until timestamptz
);
CREATE INDEX containers_worker ON containers (worker_name);
CREATE INDEX containers_build ON containers (build_id);

CREATE TABLE volumes (
  handle text PRIMARY KEY,
  worker_name text NOT NULL REFERENCES workers (name) ON DELETE CASCADE,
  kind text NOT NULL,
  state text NOT NULL DEFAULT 'creating',
  container_handle text REFERENCES containers (handle) ON DELETE SET NULL,
  parent_handle text,
  path text,
  resource_version_id integer REFERENCES resource_versions (id) ON DELETE SET NULL,
  cache_key text,
  job_id integer REFERENCES jobs (id) ON DELETE SET NULL,
  build_id integer REFERENCES builds (id) ON DELETE SET NULL,
  team_id integer REFERENCES teams (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX volumes_worker ON volumes (worker_name);
CREATE INDEX volumes_container ON volumes (container_handle);
CREATE INDEX volumes_cache ON volumes (kind, cache_key);
