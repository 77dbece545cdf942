// Counts the statements a node sends, by statement text, with the time each took to answer
// (queueing included). Turned on by $GANTRY_SQL_STATS=FILE: the counts are written there
// as JSON when the store closes (and every 10 s), so a benchmark can say how many queries
// one build or one container costs. Off by default: it adds a Map update per statement.
import { writeFileSync } from 'node:fs';
import { isBackground } from './lanes';
import type { Row, SqlClient } from './sql-client';

export interface StatementStats { sql: string; count: number; totalMs: number; maxMs: number }

export class QueryStats {
  private readonly byText = new Map<string, StatementStats>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly file?: string) {
    if (file) {
      this.timer = setInterval(() => this.write(), 10_000);
      this.timer.unref();
    }
  }

  record(sql: string, ms: number): void {
    const text = (isBackground() ? '[background] ' : '') + sql.replace(/\s+/g, ' ').trim().slice(0, 160);
    const s = this.byText.get(text) ?? { sql: text, count: 0, totalMs: 0, maxMs: 0 };
    s.count++;
    s.totalMs += ms;
    s.maxMs = Math.max(s.maxMs, ms);
    this.byText.set(text, s);
  }

  /** Statements by count, most frequent first. */
  list(): StatementStats[] {
    return [...this.byText.values()].sort((a, b) => b.count - a.count);
  }

  write(): void {
    if (this.file) writeFileSync(this.file, JSON.stringify(this.list(), null, 1));
  }

  stop(): void {
    clearInterval(this.timer);
    this.write();
  }
}

/** A SqlClient that records every statement (in and out of transactions) into `stats`. */
export class CountingClient implements SqlClient {
  constructor(private readonly inner: SqlClient, readonly stats: QueryStats) {}
  get inTransaction(): boolean {
    return this.inner.inTransaction;
  }
  async query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]> {
    const t0 = performance.now();
    try {
      return await this.inner.query<T>(sql, params);
    } finally {
      this.stats.record(sql, performance.now() - t0);
    }
  }
  async exec(sql: string): Promise<void> {
    const t0 = performance.now();
    try {
      await this.inner.exec(sql);
    } finally {
      this.stats.record(sql, performance.now() - t0);
    }
  }
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    if (this.inner.inTransaction) return fn(this); // a nested call joins the transaction
    const t0 = performance.now();
    return this.inner.transaction((tx) => fn(new CountingClient(tx, this.stats)))
      .finally(() => this.stats.record('(transaction)', performance.now() - t0));
  }
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    return this.inner.listen(channel, handler);
  }
  async close(): Promise<void> {
    this.stats.stop();
    await this.inner.close();
  }
}
