// SqlClient over embedded PGlite: a data directory for quickstart, memory for tests.
// PGlite is one connection: its transaction() serialises with every other query. PGlite runs
// each statement synchronously on the main thread, so statements pass a PriorityGate of one
// slot: API (interactive) statements go before queued background ones, and the event loop
// gets a turn between statements (see lanes.ts).
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock';
import { PriorityGate } from './lanes';
import { TxClient, type Row, type SqlClient } from './sql-client';

export class PgliteClient implements SqlClient {
  readonly inTransaction = false;
  private readonly gate = new PriorityGate(1);
  private constructor(private readonly db: PGlite, private readonly unlock: () => void) {}

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
    return (await this.gate.run(() => this.db.query<T>(sql, params))).rows;
  }
  async exec(sql: string): Promise<void> {
    await this.gate.run(() => this.db.exec(sql));
  }
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.gate.run(() => this.db.transaction((tx) => fn(new TxClient(tx, this))));
  }
  async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    return this.db.listen(channel, handler);
  }
  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
    this.unlock();
  }
}
