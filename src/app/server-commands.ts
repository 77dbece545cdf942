// Commands that start Gantry's processes. Each loads its composition root lazily.
import type { CommandSpec } from '../cli/command-spec';

export const serverCommands: CommandSpec[] = [
  {
    name: 'web',
    description: 'Run a web node: the /api/v1 HTTP API on PostgreSQL (or embedded PGlite)',
    options: [
      { flags: '--bind-ip <ip>', description: 'address to listen on (env GANTRY_BIND_IP; default 0.0.0.0)' },
      { flags: '--bind-port <port>', description: 'port to listen on (env GANTRY_BIND_PORT; default 8080)' },
      { flags: '--port <port>', description: 'alias of --bind-port' },
      { flags: '--postgres-url <url>', description: 'PostgreSQL connection URL (env GANTRY_POSTGRES_URL)' },
      { flags: '--data-dir <dir>', description: 'embedded PGlite data directory when no PostgreSQL URL is given (env GANTRY_DATA_DIR)' },
      { flags: '--session-signing-key <file>', description: 'file holding the key that signs bearer tokens (env GANTRY_SESSION_SIGNING_KEY); default: generated once and kept in the database' },
      { flags: '--add-local-user <user:pass>', description: 'add a local user (repeatable; env GANTRY_ADD_LOCAL_USER, comma-separated)', repeatable: true },
      { flags: '--main-team-local-user <user>', description: 'make a local user an owner of the main team, i.e. an admin (repeatable; env GANTRY_MAIN_TEAM_LOCAL_USER)', repeatable: true },
      { flags: '--external-url <url>', description: 'URL users reach this node at, for links (env GANTRY_EXTERNAL_URL)' },
      { flags: '--worker-key <key>', description: 'shared key `gantry worker` processes register with (env GANTRY_WORKER_KEY); no remote workers without it' },
      { flags: '--worker-key-file <file>', description: 'file holding the shared worker key (env GANTRY_WORKER_KEY_FILE)' },
      { flags: '--local-worker <dir>', description: 'also run an in-process worker (runc) keeping its containers and volumes under DIR (env GANTRY_LOCAL_WORKER)' },
    ],
    load: () => import('./web-command'),
  },
  {
    name: 'worker',
    description: 'Run a worker: containers (runc) and volumes under --work-dir, served over HTTP to the web node it registers with',
    options: [
      { flags: '--web-url <url>', description: 'the web node to register with (env GANTRY_WEB_URL)' },
      { flags: '--worker-key <key>', description: 'the shared key the web node was started with (env GANTRY_WORKER_KEY)' },
      { flags: '--worker-key-file <file>', description: 'file holding the shared worker key (env GANTRY_WORKER_KEY_FILE)' },
      { flags: '--name <name>', description: 'the worker\'s name (env GANTRY_NAME; default the host name)' },
      { flags: '--work-dir <dir>', description: 'where containers and volumes live (env GANTRY_WORK_DIR)' },
      { flags: '--tag <tag>', description: 'a tag steps can ask for (repeatable; env GANTRY_TAG, comma-separated)', repeatable: true },
      { flags: '--team <team>', description: 'run only this team\'s steps (env GANTRY_TEAM)' },
      { flags: '--bind-ip <ip>', description: 'address the worker\'s HTTP server listens on (env GANTRY_BIND_IP; default 127.0.0.1)' },
      { flags: '--bind-port <port>', description: 'port of the worker\'s HTTP server (env GANTRY_BIND_PORT; default 0: any free port)' },
      { flags: '--peer-url <url>', description: 'URL web nodes reach this worker at (default http://BIND_IP:PORT)' },
      { flags: '--heartbeat-interval <duration>', description: 'time between heartbeats (default 10s; the web node stalls it after 30s without)' },
    ],
    load: () => import('./worker-command'),
  },
  {
    name: 'quickstart',
    description: 'Run a web node and a worker in one process on embedded PGlite, with the example pipelines',
    options: [
      { flags: '--port <port>', description: 'port to listen on (default 8080)', default: '8080' },
      { flags: '--bind-ip <ip>', description: 'address to listen on (default 127.0.0.1)', default: '127.0.0.1' },
      { flags: '--data-dir <dir>', description: 'where everything is kept (default $GANTRY_DATA_DIR or ~/.gantry)' },
      { flags: '--user <user:pass>', description: 'the admin user (default admin:admin)', default: 'admin:admin' },
      { flags: '--no-example', description: 'do not set the example pipelines' },
    ],
    load: () => import('./quickstart'),
  },
];
