// The store: PostgreSQL (server, through `pg`) and embedded PGlite behind the
// Store port, one set of SQL for both. Owns the schema and its migrations.
// Never holds domain rules (those live in core) and never hashes passwords.
import type { Store } from '../ports';
import { migrate } from './migrate';
import { PgClient } from './pg-client';
import { PgliteClient } from './pglite-client';
import { PgliteThreadClient } from './pglite-thread';
import type { SqlClient } from './sql-client';
import { SqlStore } from './sql-store';
import { CountingClient, QueryStats } from './query-stats';

export type StoreLocation =
  | { postgresUrl: string; poolSize?: number }
  | { dataDir: string }
  | { memory: true };

/** Opens the database, applies pending migrations, and returns the store. */
export async function openStore(location: StoreLocation): Promise<Store> {
  const client = await openClient(location);
  try {
    await migrate(client);
  } catch (err) {
    await client.close().catch(() => {});
    if ('postgresUrl' in location && isConnectionError(err)) {
      throw new Error(`cannot reach PostgreSQL at ${redactUrl(location.postgresUrl)}: ${(err as Error).message}`, { cause: err });
    }
    throw err;
  }
  return new SqlStore(client);
}

function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (/^E[A-Z]+$/.test(code) || code.startsWith('08') || code === '28P01' || code === '3D000');
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

export async function openClient(location: StoreLocation): Promise<SqlClient> {
  const client = await openDriver(location);
  const statsFile = process.env.GANTRY_SQL_STATS;
  return statsFile ? new CountingClient(client, new QueryStats(statsFile)) : client;
}

async function openDriver(location: StoreLocation): Promise<SqlClient> {
  if ('postgresUrl' in location) {
    return new PgClient(location.postgresUrl, location.poolSize === undefined ? {} : { max: location.poolSize });
  }
  // A data dir (quickstart, a web node without PostgreSQL) runs PGlite in a worker thread, so
  // its wasm never blocks the API's event loop; GANTRY_PGLITE_THREAD=0 keeps it on the main
  // thread. In memory (tests) it stays on the main thread: starting a thread costs more there.
  if ('dataDir' in location) {
    return process.env.GANTRY_PGLITE_THREAD === '0' ? PgliteClient.open(location.dataDir) : PgliteThreadClient.open(location.dataDir);
  }
  return PgliteClient.open();
}

export { migrate, loadMigrations } from './migrate';
export type { SqlClient } from './sql-client';
export { SqlStore } from './sql-store';
export { PgliteClient } from './pglite-client';
export { PgliteThreadClient } from './pglite-thread';
export { DataDirInUseError } from './data-dir-lock';
export { PgClient } from './pg-client';
export { inBackground, isBackground, PriorityGate } from './lanes';
export { QueryStats, CountingClient } from './query-stats';
