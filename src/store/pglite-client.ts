// SqlClient over embedded PGlite: a data directory for quickstart, memory for tests.
// PGlite is one connection: its transaction() serialises with every other query. PGlite runs
// each statement synchronously on the main thread, so statements pass a PriorityGate of one
// slot: API (interactive) statements go before queued background ones, and the event loop
// gets a turn between statements (see lanes.ts).
import { PGlite, parse, protocol } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock';
import { PriorityGate } from './lanes';
import { oneCallQuery, plainParams, type OneCallPglite } from './pglite-one-call';
import { TxClient, type Row, type SqlClient } from './sql-client';

export class PgliteClient implements SqlClient {
  readonly inTransaction = false;
  private readonly gate = new PriorityGate(1);
  private readonly pg: OneCallPglite;
  private constructor(private readonly db: PGlite, private readonly unlock: () => void) {
    this.pg = { db: db as unknown as OneCallPglite['db'], protocol: protocol as unknown as OneCallPglite['protocol'], parse: parse as unknown as OneCallPglite['parse'] };
  }

  /** dataDir undefined: in memory, gone at close. A data dir is held by one process at a time. */
  static async open(dataDir?: string): Promise<PgliteClient> {
    if (dataDir === undefined) return new PgliteClient(await PGlite.create(), () => {});
    const unlock = lockDataDir(dataDir);
    try {
      return new PgliteClient(await PGlite.create({ dataDir }), unlock);
    } catch (err) {
      unlock();
      throw err;
    }
  }

  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (!plainParams(params)) return (await this.gate.run(() => this.db.query<T>(sql, params))).rows;
    // PGlite's own locks, as its query() takes them.
    return this.gate.run(() => this.db._runExclusiveTransaction(() => this.db._runExclusiveQuery(() => oneCallQuery(this.pg, sql, params) as Promise<T[]>)));
  }
  async exec(sql: string): Promise<void> {
    await this.gate.run(() => this.db.exec(sql));
  }
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.gate.run(() => this.db.transaction((tx) => fn(new TxClient({
      // Inside the transaction only the statement lock, as PGlite's tx.query() takes it.
      query: async <R extends Row>(sql: string, params: unknown[] = []) => ({
        rows: plainParams(params)
          ? await this.db._runExclusiveQuery(() => oneCallQuery(this.pg, sql, params)) as R[]
          : (await tx.query<R>(sql, params)).rows,
      }),
      exec: (sql: string) => tx.exec(sql),
    }, this))));
  }
  async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    return this.db.listen(channel, handler);
  }
  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
    this.unlock();
  }
}
