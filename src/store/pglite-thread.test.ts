import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from './index';
import { PgliteThreadClient } from './pglite-thread';
import { isUniqueViolation } from './repos/sql-errors';

describe('PGlite in a worker thread', () => {
  let db: PgliteThreadClient;
  before(async () => {
    db = await PgliteThreadClient.open();
    await db.exec('CREATE TABLE t (id integer PRIMARY KEY, at timestamptz, doc jsonb)');
  });
  after(() => db.close());

  test('statements with parameters come back as rows with dates and json intact', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    await db.query('INSERT INTO t (id, at, doc) VALUES ($1, $2, $3::jsonb)', [1, at, JSON.stringify({ a: [1, 2] })]);
    const [row] = await db.query<{ id: number; at: Date; doc: unknown }>('SELECT * FROM t WHERE id = $1', [1]);
    assert.equal(row!.id, 1);
    assert.equal((row!.at as Date).toISOString(), at.toISOString());
    assert.deepEqual(row!.doc, { a: [1, 2] });
  });

  test('a failed statement rejects with the SQLSTATE the repositories look for', async () => {
    await assert.rejects(db.query('INSERT INTO t (id) VALUES (1)'), (err: unknown) => isUniqueViolation(err));
    // the thread carries on
    assert.equal((await db.query('SELECT 1 AS one'))[0]!.one, 1);
  });

  test('a transaction commits its writes together, a throwing one leaves nothing', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (id) VALUES (2)');
      await tx.transaction(async (inner) => inner.query('INSERT INTO t (id) VALUES (3)')); // joins
    });
    await assert.rejects(db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (id) VALUES (4)');
      throw new Error('changed my mind');
    }), /changed my mind/);
    const ids = (await db.query<{ id: number }>('SELECT id FROM t ORDER BY id')).map((r) => r.id);
    assert.deepEqual(ids, [1, 2, 3]);
  });

  test('a statement outside a running transaction waits for its commit', async () => {
    let inside!: () => void;
    const held = new Promise<void>((r) => { inside = r; });
    const tx = db.transaction(async (t) => {
      await t.query('INSERT INTO t (id) VALUES (10)');
      await held;
    });
    const outside = db.query<{ n: number }>('SELECT count(*)::integer AS n FROM t WHERE id = 10');
    inside();
    await tx;
    assert.equal((await outside)[0]!.n, 1);
  });

  test('NOTIFY reaches listeners on the main thread, and unlisten stops it', async () => {
    const got: string[] = [];
    const off = await db.listen('ch', (p) => got.push(p));
    await db.query(`SELECT pg_notify('ch', 'hello')`);
    const deadline = Date.now() + 10_000;
    while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(got, ['hello']);
    await off();
    await db.query(`SELECT pg_notify('ch', 'later')`);
    await db.query('SELECT 1');
    assert.deepEqual(got, ['hello']);
  });
});

test('a store on a data dir in a thread keeps its data across a reopen, and holds the dir', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-pglite-thread-'));
  try {
    const store = await openStore({ dataDir: dir });
    await store.teams.save('blue', {});
    await assert.rejects(PgliteThreadClient.open(dir), /in use/);
    await store.close();
    const again = await openStore({ dataDir: dir });
    assert.ok(await again.teams.get('blue'));
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
