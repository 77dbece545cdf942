// Composition root of a web node: opens the store (PGlite under a data dir, or
// PostgreSQL), applies migrations, makes sure the main team and the local
// users exist, and serves the API over HTTP until stop() is called.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApi, hashPassword, verifyPassword, MAIN_TEAM, TokenSigner } from '../api';
import type { Store } from '../ports/store';
import { GANTRY_VERSION } from '../cli/version';
import { openConfiguredStore } from './store-factory';
import { startBuildWiring, type BuildWiring } from './build-wiring';
import { startPipelineWiring, type PipelineWiring } from './pipeline-wiring';
import { PoolResourceRunner, RemoteWorkers, WorkerLifecycle } from '../components/workers';
import { RecordingRuntime } from './recording-runtime';

export interface WebNodeOptions {
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** Default 0.0.0.0. */
  host?: string;
  /** PGlite data directory, used when no PostgreSQL URL is given. */
  dataDir?: string;
  /** PostgreSQL URL; falls back to GANTRY_POSTGRES_URL. */
  postgresUrl?: string;
  localUsers?: { username: string; password: string }[];
  /** Local users who own the main team, i.e. the admins. Replaces the main team's owners when given. */
  mainTeamUsers?: string[];
  /** The key that signs bearer tokens; default: generated once and kept in the store. */
  signingKey?: string;
  externalUrl?: string;
  /** Runs an in-process worker under this directory (quickstart, `web --local-worker`). */
  workerDir?: string;
  /** Shared key of remote `gantry worker`s; without it none may register. */
  workerKey?: string;
  log?: (message: string) => void;
}

export interface WebNode {
  url: string;
  store: Store;
  stop(): Promise<void>;
}

const SIGNING_KEY_SETTING = 'session_signing_key';

async function signingKey(store: Store, given: string | undefined): Promise<string> {
  if (given) return given;
  return store.settings.setIfAbsent(SIGNING_KEY_SETTING, randomBytes(32).toString('base64url'));
}

async function ensureUsers(store: Store, users: { username: string; password: string }[]): Promise<void> {
  for (const { username, password } of users) {
    const existing = await store.users.get(username);
    if (existing && (await verifyPassword(password, existing.passwordHash))) continue;
    await store.users.save(username, await hashPassword(password));
  }
}

async function ensureMainTeam(store: Store, owners: string[]): Promise<void> {
  const team = await store.teams.get(MAIN_TEAM);
  if (owners.length > 0) {
    const users = owners.map((u) => (u.includes(':') ? u : `local:${u}`));
    await store.teams.save(MAIN_TEAM, { ...(team?.auth ?? {}), owner: { users, groups: [] } });
  } else if (!team) {
    await store.teams.save(MAIN_TEAM, {});
  }
}

/** Reads a --session-signing-key file: the whole file (trimmed) is the key. */
export function readSigningKeyFile(path: string): string {
  return readFileSync(path, 'utf8').trim();
}

export async function startWebNode(opts: WebNodeOptions = {}): Promise<WebNode> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const postgresUrl = opts.postgresUrl ?? process.env.GANTRY_POSTGRES_URL;
  const store = await openConfiguredStore({ dataDir: opts.dataDir, postgresUrl });
  let builds: BuildWiring | undefined;
  let pipelines: PipelineWiring | undefined;
  const lifecycle = new WorkerLifecycle({ store, log });
  try {
    await ensureUsers(store, opts.localUsers ?? []);
    await ensureMainTeam(store, opts.mainTeamUsers ?? []);
    const signer = new TokenSigner(await signingKey(store, opts.signingKey));
    const remoteWorkers = opts.workerKey ? new RemoteWorkers({
      store, key: opts.workerKey, log,
      wrap: (w) => ({ ...w, runtime: new RecordingRuntime(w.runtime, store, w.name, log) }),
    }) : undefined;
    lifecycle.start();
    builds = await startBuildWiring({ store, remoteWorkers, workerDir: opts.workerDir, soleNode: !postgresUrl, externalUrl: opts.externalUrl, log });
    const buildServices = builds.services;
    pipelines = await startPipelineWiring({ store, runner: builds.worker?.resources ?? (remoteWorkers && new PoolResourceRunner(remoteWorkers.pool())), externalUrl: opts.externalUrl, log });
    const app = createApi({ store, signer, version: GANTRY_VERSION, externalUrl: opts.externalUrl, log, buildServices, workerKey: opts.workerKey });
    const host = opts.host ?? '0.0.0.0';
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: opts.port ?? 8080, hostname: host }, () => resolve(s));
      s.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    let stopped: Promise<void> | null = null;
    const stop = (): Promise<void> =>
      (stopped ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await pipelines?.stop();
        await builds?.stop();
        await lifecycle.stop();
        await store.close();
      })());
    return { url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`, store, stop };
  } catch (err) {
    await pipelines?.stop().catch(() => {});
    await lifecycle.stop();
    await builds?.stop().catch(() => {});
    await store.close();
    throw err;
  }
}
