// A real PostgreSQL server for tests. scripts/run-tests.mjs starts one cluster for
// the whole run and passes its URL in GANTRY_TEST_POSTGRES_URL; a test file run on
// its own starts a private cluster, stopped when the process exits.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const SCRIPT = resolve('scripts/postgres.sh');
let started: Promise<string> | null = null;

/** The URL of a running server (its `postgres` database). */
export function testPostgresUrl(): Promise<string> {
  const fromEnv = process.env.GANTRY_TEST_POSTGRES_URL;
  if (fromEnv) return Promise.resolve(fromEnv);
  started ??= startPrivateCluster();
  return started;
}

/** A new, empty database on the test server; returns its URL. */
export async function freshDatabase(): Promise<string> {
  const base = await testPostgresUrl();
  const name = `gantry_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function startPrivateCluster(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-pg-'));
  process.on('exit', () => {
    spawnSync(SCRIPT, ['stop', dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const out = spawnSync(SCRIPT, ['start', dir, String(port)], { encoding: 'utf8' });
    if (out.status === 0) return out.stdout.trim();
    // Another process may have taken the port between our probe and the server's bind.
    if (attempt >= 3) throw new Error(`could not start PostgreSQL: ${out.stderr}`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}
