// The tiny surface every repository is written against. PGlite and the `pg`
// pool both implement it, so there is one set of queries for both.

export type Row = Record<string, unknown>;

export interface SqlClient {
  /** Runs one statement with $1..$n parameters and returns its rows. */
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs fn in a transaction; inside one already, fn joins it. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  readonly inTransaction: boolean;
  /** LISTEN on channel; resolves once the server listens. */
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A jsonb parameter: always stringified, so arrays are not sent as PostgreSQL arrays. */
export function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}
