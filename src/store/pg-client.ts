// SqlClient over a PostgreSQL server through a `pg` pool. LISTEN needs a
// connection of its own: one shared listener client, reconnected on failure. Background
// statements (lanes.ts) may hold all but RESERVED_FOR_INTERACTIVE of the pool's connections,
// so an API request never queues behind thousands of build steps' writes.
import pg from 'pg';
import { PriorityGate } from './lanes';
import { TxClient, type Row, type SqlClient } from './sql-client';

export const DEFAULT_POOL_SIZE = 10;
export const RESERVED_FOR_INTERACTIVE = 3;

// int8 (count(*), sums) as numbers, as PGlite returns them; Gantry's counts stay far below 2^53.
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === 20) return (value: string) => Number(value);
    return (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format);
  },
};

export class PgClient implements SqlClient {
  readonly inTransaction = false;
  private readonly pool: pg.Pool;
  private listener: pg.Client | null = null;
  private listenerReady: Promise<pg.Client> | null = null;
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();
  private closed = false;
  private readonly gate: PriorityGate;

  constructor(readonly url: string, opts: { max?: number } = {}) {
    const max = opts.max ?? DEFAULT_POOL_SIZE;
    this.gate = new PriorityGate(Number.POSITIVE_INFINITY, Math.max(1, max - RESERVED_FOR_INTERACTIVE));
    this.pool = new pg.Pool({
      connectionString: url, max, types,
      // Never wait forever: a pool that stays exhausted for a minute, or a transaction left
      // idle (its holder awaiting something else) for two, is an error that says so, not a
      // scheduler or API that silently stops.
      connectionTimeoutMillis: 60_000,
      options: '-c idle_in_transaction_session_timeout=120000',
    });
    // An idle client's error (server restart) must not crash the process; the pool replaces it.
    this.pool.on('error', () => {});
  }

  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.gate.run(() => this.pool.query<T>(sql, params))).rows;
  }
  async exec(sql: string): Promise<void> {
    await this.gate.run(() => this.pool.query(sql));
  }

  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.gate.run(() => this.inTransactionOnOwnConnection(fn));
  }

  private async inTransactionOnOwnConnection<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    const conn = await this.pool.connect();
    try {
      await conn.query('BEGIN');
      const result = await fn(new TxClient({ query: (sql, params) => conn.query(sql, params), exec: (sql) => conn.query(sql) }, this));
      await conn.query('COMMIT');
      return result;
    } catch (err) {
      await conn.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      conn.release();
    }
  }

  async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    const client = await this.listenerClient();
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await client.query(`LISTEN ${quoteIdent(channel)}`);
    }
    set.add(handler);
    return async () => {
      const current = this.handlers.get(channel);
      if (!current?.delete(handler) || current.size > 0) return;
      this.handlers.delete(channel);
      if (this.listener && !this.closed) await this.listener.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => {});
    };
  }

  private listenerClient(): Promise<pg.Client> {
    if (!this.listenerReady) {
      this.listenerReady = this.connectListener().catch((err) => {
        this.listenerReady = null;
        throw err;
      });
    }
    return this.listenerReady;
  }

  private async connectListener(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url, types });
    client.on('notification', (msg) => {
      for (const h of this.handlers.get(msg.channel) ?? []) h(msg.payload ?? '');
    });
    client.on('error', () => this.reconnectListener(client));
    client.on('end', () => this.reconnectListener(client));
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
    if (this.closed) { // closed while this connection was being made: it must not outlive the store
      await client.end().catch(() => {});
      throw new Error('the store is closed');
    }
    this.listener = client;
    return client;
  }

  /** After a lost connection: listen again on every channel, retrying each second. */
  private reconnectListener(lost: pg.Client): void {
    if (this.closed || this.listener !== lost) return;
    this.listener = null;
    this.listenerReady = null;
    const retry = (): void => {
      if (this.closed || this.handlers.size === 0) return;
      this.listenerClient().catch(() => setTimeout(retry, 1000).unref());
    };
    setTimeout(retry, 100).unref();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const listener = this.listener;
    this.listener = null;
    if (listener) await listener.end().catch(() => {});
    await this.pool.end();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
