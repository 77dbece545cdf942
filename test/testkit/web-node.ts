// Starts real web nodes for tests: on a fresh database of the test PostgreSQL
// server by default (a new PGlite data dir costs seconds; a new database costs
// milliseconds), or on PGlite when a dataDir or `pglite: true` is given; on a free
// port, with local users. Logs users in the way fly does and makes requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebNode, type WebNode, type WebNodeOptions } from '../../src/app/web';
import type { TokenResponse } from '../../src/protocol';
import { freshDatabase } from './postgres';

export interface TestWebNode extends WebNode {
  dataDir: string | undefined;
  /** The node's last log lines (scheduler, checker, engine), for a failing test to show. */
  recentLog(): string[];
  /** Stops the node and removes its temp dir (unless keepData). */
  close(opts?: { keepData?: boolean }): Promise<void>;
}

export interface TestWebNodeOptions extends WebNodeOptions {
  /** Run on PGlite in a temp dir even without a dataDir (restart and quickstart tests). */
  pglite?: boolean;
}

/** A web node on postgresUrl, on PGlite under dataDir (or a temp dir with `pglite`),
 *  or else on a fresh database of the test PostgreSQL server. */
export async function startTestWebNode(testOpts: TestWebNodeOptions = {}): Promise<TestWebNode> {
  const { pglite, ...opts } = testOpts;
  const onPglite = !opts.postgresUrl && (pglite || opts.dataDir !== undefined);
  if (!opts.postgresUrl && !onPglite) opts.postgresUrl = await freshDatabase();
  const dataDir = onPglite ? (opts.dataDir ?? mkdtempSync(join(tmpdir(), 'gantry-web-'))) : undefined;
  const lines: string[] = [];
  const keep = (line: string): void => {
    lines.push(line);
    if (lines.length > 200) lines.shift();
  };
  const node = await startWebNode({
    port: 0,
    host: '127.0.0.1',
    signingKey: 'test-signing-key-of-at-least-32-bytes!',
    log: keep,
    ...opts,
    dataDir,
  });
  return {
    ...node,
    dataDir,
    recentLog: () => lines.slice(),
    async close(o = {}) {
      await node.stop();
      if (dataDir && !o.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A web node on a fresh database of the test PostgreSQL server (test/testkit/postgres.ts). */
export async function startPostgresWebNode(opts: WebNodeOptions = {}): Promise<TestWebNode & { postgresUrl: string }> {
  const postgresUrl = opts.postgresUrl ?? (await freshDatabase());
  return { ...(await startTestWebNode({ ...opts, postgresUrl })), postgresUrl };
}

/** Logs in with the password grant, as `fly login -u -p` does; returns the bearer token. */
export async function tokenFor(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/sky/issuer/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from('fly:Zmx5').toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'password', username, password, scope: 'openid profile email federated:id groups' }),
  });
  if (!res.ok) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as TokenResponse).access_token;
}

export interface Client {
  /** Sends a request; a plain object body is sent as JSON, a string as YAML. */
  req(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  json<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }>;
}

export function client(url: string, token?: string): Client {
  const req = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const h: Record<string, string> = { ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    let payload: string | undefined;
    if (typeof body === 'string') {
      payload = body;
      h['Content-Type'] ??= 'application/x-yaml';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['Content-Type'] ??= 'application/json';
    }
    return fetch(`${url}${path}`, { method, headers: h, body: payload });
  };
  return {
    req,
    async json<T>(method: string, path: string, body?: unknown) {
      const res = await req(method, path, body);
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
    },
  };
}
