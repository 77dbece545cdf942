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

/** What a driver's transaction handle offers: both `pg` and PGlite answer `{ rows }`. */
export interface TxConnection {
  query<T extends Row>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

/** The SqlClient handed to a transaction's callback: queries go to its connection, a
 *  nested transaction() joins it, LISTEN and close belong to the root client. */
export class TxClient implements SqlClient {
  readonly inTransaction = true;
  constructor(private readonly conn: TxConnection, private readonly root: SqlClient) {}
  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.conn.query<T>(sql, params)).rows;
  }
  async exec(sql: string): Promise<void> {
    await this.conn.exec(sql);
  }
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return fn(this);
  }
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    return this.root.listen(channel, handler);
  }
  close(): Promise<void> {
    return this.root.close();
  }
}

/** A jsonb parameter: always stringified, so arrays are not sent as PostgreSQL arrays. */
export function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}
