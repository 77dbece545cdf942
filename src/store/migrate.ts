// Applies the numbered SQL files in ./migrations that the database has not seen,
// all in one transaction under an advisory lock: two web nodes starting together
// serialise here, and the second finds nothing left to do.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SqlClient } from './sql-client';

/** Any fixed 64-bit number; it only has to differ from Gantry's other advisory locks. */
const MIGRATION_LOCK = 7_163_611_004;

export interface Migration { version: number; name: string; sql: string }

/**
 * The migrations directory beside this module; from the esbuild bundle in dist/ it is the one
 * in the source tree (dist/ sits next to src/ in an installed checkout).
 */
export function migrationsDir(): string {
  const candidates = [new URL('./migrations/', import.meta.url), new URL('../src/store/migrations/', import.meta.url)];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(dir)) return dir;
  }
  throw new Error(`store migrations not found (looked in ${candidates.map((u) => fileURLToPath(u)).join(', ')})`);
}

export function loadMigrations(dir = migrationsDir()): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = /^(\d{4})_([\w-]+)\.sql$/.exec(file);
    if (!m) continue;
    out.push({ version: Number(m[1]), name: m[2]!, sql: readFileSync(`${dir}/${file}`, 'utf8') });
  }
  const seen = new Set<number>();
  for (const mig of out) {
    if (seen.has(mig.version)) throw new Error(`two migrations numbered ${mig.version}`);
    seen.add(mig.version);
  }
  return out;
}

/** Returns the versions this call applied (empty when the schema was current). */
export async function migrate(client: SqlClient, migrations = loadMigrations()): Promise<number[]> {
  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const mig of migrations) {
      if (done.has(mig.version)) continue;
      await tx.exec(mig.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [mig.version, mig.name]);
      applied.push(mig.version);
    }
    return applied;
  });
}
