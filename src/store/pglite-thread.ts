// SqlClient over PGlite running in a worker thread. PGlite executes every statement
// synchronously in wasm; on the main thread that is ~10 ms of a blocked event loop per
// statement, and a build of a hundred containers writes hundreds of them. In a thread the
// API keeps answering while the database works (measured in bench/README.md, row 5).
// PGlite's own worker mode needs browser APIs (Web Worker, navigator.locks), hence this
// bridge: one message per statement, transactions held open in the thread by id.
import { Worker } from 'node:worker_threads';
import { lockDataDir } from './data-dir-lock';
import { PriorityGate } from './lanes';
import { oneCallQuery, plainParams } from './pglite-one-call';
import { TxClient, type Row, type SqlClient, type TxConnection } from './sql-client';

/** The thread's code (plain JS, so it needs no bundler entry of its own). */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const fail = (e) => ({ message: (e && e.message) || String(e), code: e && e.code, detail: e && e.detail,
  constraint: e && e.constraint, table: e && e.table, column: e && e.column, severity: e && e.severity });
(async () => {
  const { PGlite, protocol, parse } = await import(workerData.pglite);
  const db = workerData.dataDir ? await PGlite.create({ dataDir: workerData.dataDir }) : await PGlite.create();
  const txs = new Map();
  const listeners = new Map();
  let nextTx = 1;
  const on = (m) => (m.tx ? txs.get(m.tx).tx : db);
  const plainParams = ${plainParams.toString()};
  const oneCallQuery = ${oneCallQuery.toString()};
  const pg = { db, protocol, parse };
  const ops = {
    query: async (m) => {
      if (!plainParams(m.params)) return (await on(m).query(m.sql, m.params)).rows;
      // PGlite's own locks, as its query() takes them: outside a transaction, wait for any
      // open one to end; inside, only the statement lock.
      const run = () => db._runExclusiveQuery(() => oneCallQuery(pg, m.sql, m.params));
      return m.tx ? run() : db._runExclusiveTransaction(run);
    },
    exec: async (m) => { await on(m).exec(m.sql); },
    begin: () => new Promise((started, failed) => {
      const id = nextTx++;
      const entry = {};
      entry.done = db.transaction((tx) => new Promise((commit, rollback) => {
        Object.assign(entry, { tx, commit, rollback });
        txs.set(id, entry);
        started(id);
      }));
      entry.done.catch(failed);
    }),
    commit: async (m) => { const e = txs.get(m.tx); txs.delete(m.tx); e.commit(); await e.done; },
    rollback: async (m) => { const e = txs.get(m.tx); txs.delete(m.tx); e.rollback(new Error('rolled back')); await e.done.catch(() => {}); },
    listen: async (m) => {
      if (!listeners.has(m.channel)) listeners.set(m.channel, await db.listen(m.channel, (payload) => parentPort.postMessage({ channel: m.channel, payload })));
    },
    unlisten: async (m) => { const off = listeners.get(m.channel); listeners.delete(m.channel); if (off) await off(); },
    close: async () => { if (!db.closed) await db.close(); },
  };
  parentPort.on('message', (m) => {
    ops[m.op](m).then((result) => parentPort.postMessage({ id: m.id, result }), (e) => parentPort.postMessage({ id: m.id, error: fail(e) }));
  });
  parentPort.postMessage({ ready: true });
})().catch((e) => parentPort.postMessage({ fatal: fail(e) }));
`;

interface Pending { resolve: (v: unknown) => void; reject: (e: Error) => void }
type Message = { id: number; result?: unknown; error?: Record<string, unknown> } & { channel?: string; payload?: string; ready?: boolean; fatal?: Record<string, unknown> };

function toError(e: Record<string, unknown>): Error {
  const err = new Error(String(e.message));
  for (const [k, v] of Object.entries(e)) if (k !== 'message' && v !== undefined) (err as unknown as Record<string, unknown>)[k] = v;
  return err;
}

export class PgliteThreadClient implements SqlClient {
  readonly inTransaction = false;
  /** Three statements in flight: the thread starts the next while this thread reads the last
   *  answer (bench row 2: more slots measured no better). PGlite's own locks keep them in order (a statement outside a transaction waits
   *  for an open one to end, as PGlite's query() does). */
  private readonly gate = new PriorityGate(3);
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();
  private nextId = 1;
  private closed = false;

  private constructor(private readonly worker: Worker, private readonly unlock: () => void) {
    worker.on('message', (m: Message) => this.onMessage(m));
    const lost = (err: Error): void => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the PGlite thread exited (${code})`)));
    worker.unref(); // referenced only while a call is pending (see call())
  }

  /** dataDir undefined: in memory. A data dir is held by one process at a time. */
  static async open(dataDir?: string): Promise<PgliteThreadClient> {
    const unlock = dataDir === undefined ? () => {} : lockDataDir(dataDir);
    const worker = new Worker(THREAD, { eval: true, workerData: { dataDir, pglite: import.meta.resolve('@electric-sql/pglite') } });
    try {
      await new Promise<void>((resolve, reject) => {
        const onMessage = (m: Message): void => {
          if (m.ready) resolve();
          else if (m.fatal) reject(toError(m.fatal));
          else return;
          worker.off('message', onMessage);
        };
        worker.on('message', onMessage);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`the PGlite thread exited (${code}) while opening`)));
      });
    } catch (err) {
      await worker.terminate();
      unlock();
      throw err;
    }
    return new PgliteThreadClient(worker, unlock);
  }

  private onMessage(m: Message): void {
    if (m.channel !== undefined) {
      for (const h of this.handlers.get(m.channel) ?? []) h(m.payload ?? '');
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker.unref();
    if (m.error) p.reject(toError(m.error));
    else p.resolve(m.result);
  }

  private call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    if (this.closed && op !== 'close') return Promise.reject(new Error('the store is closed'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.ref(); // a pending statement keeps the process alive, an idle store does not
      this.worker.postMessage({ id, op, ...args });
    });
  }

  query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.gate.run(() => this.call<T[]>('query', { sql, params }));
  }
  async exec(sql: string): Promise<void> {
    await this.gate.run(() => this.call('exec', { sql }));
  }

  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.gate.run(async () => {
      const tx = await this.call<number>('begin');
      const conn: TxConnection = {
        query: async <R extends Row>(sql: string, params?: unknown[]) => ({ rows: await this.call<R[]>('query', { sql, params: params ?? [], tx }) }),
        exec: (sql: string) => this.call('exec', { sql, tx }),
      };
      let result: T;
      try {
        result = await fn(new TxClient(conn, this));
      } catch (err) {
        await this.call('rollback', { tx }).catch(() => {});
        throw err;
      }
      await this.call('commit', { tx });
      return result;
    });
  }

  async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await this.call('listen', { channel });
    }
    set.add(handler);
    return async () => {
      const current = this.handlers.get(channel);
      if (!current?.delete(handler) || current.size > 0) return;
      this.handlers.delete(channel);
      if (!this.closed) await this.call('unlisten', { channel }).catch(() => {});
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.call('close').catch(() => {});
    await this.worker.terminate();
    this.unlock();
  }
}
