// The store contract on a real PostgreSQL server (one fresh database per test),
// plus what needs several connections: racing migrators and advisory locks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadMigrations, migrate, openStore, PgClient } from '../src/store';
import { storeContract } from './store-contract';
import { freePort, freshDatabase } from './testkit/postgres';

describe('store on PostgreSQL', () => {
  storeContract(async () => openStore({ postgresUrl: await freshDatabase(), poolSize: 4 }));

  test('an unreachable server or a missing database is reported without the password', async () => {
    const port = await freePort();
    await assert.rejects(openStore({ postgresUrl: `postgres://gantry:s3cret@127.0.0.1:${port}/gantry` }), (err: Error) => {
      assert.match(err.message, new RegExp(`^cannot reach PostgreSQL at postgres://gantry:\\*\\*\\*@127\\.0\\.0\\.1:${port}/gantry: `));
      assert.doesNotMatch(err.message, /s3cret/);
      return true;
    });
    const missing = new URL(await freshDatabase());
    missing.pathname = '/no_such_database';
    await assert.rejects(openStore({ postgresUrl: missing.toString() }), /cannot reach PostgreSQL at .*no_such_database: .*does not exist/);
  });

  test('two nodes migrating one database at once apply each migration exactly once', async () => {
    const url = await freshDatabase();
    const nodes = [new PgClient(url), new PgClient(url), new PgClient(url)];
    try {
      const applied = await Promise.all(nodes.map((n) => migrate(n)));
      const all = loadMigrations().map((m) => m.version);
      // One node did the work; the others waited on the lock and found nothing to do.
      assert.deepEqual(applied.flat().sort(), all);
      assert.equal(applied.filter((a) => a.length > 0).length, 1);
      const rows = await nodes[0]!.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(rows.map((r) => r.version), all);
      assert.deepEqual(await migrate(nodes[1]!), []);
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
    }
  });

  test('a failing migration leaves the schema untouched', async () => {
    const url = await freshDatabase();
    const node = new PgClient(url);
    try {
      const broken = [...loadMigrations(), { version: 9999, name: 'broken', sql: 'CREATE TABLE oops (; ' }];
      await assert.rejects(migrate(node, broken));
      const [row] = await node.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('teams', 'schema_migrations')`);
      assert.equal(row!.n, 0);
    } finally {
      await node.close();
    }
  });

  test('an advisory lock taken in one transaction is refused to another until commit', async () => {
    const url = await freshDatabase();
    const a = await openStore({ postgresUrl: url, poolSize: 2 });
    const b = await openStore({ postgresUrl: url, poolSize: 2 });
    try {
      let release!: () => void;
      const holding = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const holder = a.transaction(async (tx) => {
        assert.equal(await tx.tryLock('scheduler:pipeline:1'), true);
        locked();
        await holding;
      });
      await isLocked;
      assert.equal(await b.transaction((tx) => tx.tryLock('scheduler:pipeline:1')), false);
      assert.equal(await b.transaction((tx) => tx.tryLock('scheduler:pipeline:2')), true);
      release();
      await holder;
      assert.equal(await b.transaction((tx) => tx.tryLock('scheduler:pipeline:1')), true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('a notification from one node reaches a listener on another', async () => {
    const url = await freshDatabase();
    const a = await openStore({ postgresUrl: url, poolSize: 2 });
    const b = await openStore({ postgresUrl: url, poolSize: 2 });
    try {
      const got = new Promise<string>((resolve) => {
        void b.notifier.listen('job_schedule', resolve).then(() => a.jobs.requestSchedule(42));
      });
      assert.equal(await got, '42');
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('a team or user changed on one node is seen by the next request on another (cached accounts)', async () => {
    const url = await freshDatabase();
    const a = await openStore({ postgresUrl: url, poolSize: 2 });
    const b = await openStore({ postgresUrl: url, poolSize: 2 });
    const admin = new PgClient(url);
    try {
      await a.users.save('alice', 'hash-1');
      // B caches once it listens for changes (it starts to on its first read).
      assert.equal((await b.users.get('alice'))!.passwordHash, 'hash-1');
      await waitForAsync(async () => (await admin.query(
        `SELECT 1 FROM pg_stat_activity WHERE query = 'LISTEN "accounts_changed"'`)).length >= 1);
      assert.equal((await b.users.get('alice'))!.passwordHash, 'hash-1');
      assert.equal((await b.teams.list()).some((t) => t.name === 'ops'), false);
      // A change on A: B's next reads see it once the commit's notification arrives.
      await a.users.destroy('alice');
      await a.teams.save('ops', { owner: { users: ['local:alice'], groups: [] } });
      // Within 3 s, below the cache's 5 s lifetime: it is the notification that empties it.
      await waitForAsync(async () => (await b.users.get('alice')) === null && (await b.teams.list()).some((t) => t.name === 'ops'), 3000);
      assert.equal((await b.teams.get('ops'))!.name, 'ops');
      // On the writing node itself, at once (no waiting for the notification).
      await a.teams.list();
      await a.teams.destroy('ops');
      assert.equal((await a.teams.list()).some((t) => t.name === 'ops'), false);
      assert.equal(await a.teams.get('ops'), null);
    } finally {
      await admin.close();
      await a.close();
      await b.close();
    }
  });

  test('a listener whose connection is killed listens again and keeps receiving', async () => {
    const url = await freshDatabase();
    const store = await openStore({ postgresUrl: url, poolSize: 2 });
    try {
      const got: string[] = [];
      await store.notifier.listen('build_events', (p) => got.push(p));
      await store.notifier.notify('build_events', 'before');
      await waitFor(() => got.includes('before'));
      // Kill the LISTEN connection, as a server restart or a network cut would.
      const admin = new PgClient(url);
      const killed = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'`);
      await admin.close();
      assert.equal(killed.length, 1);
      // Notifications sent while it reconnects may be lost; ones after it listens again arrive.
      const deadline = Date.now() + 10_000;
      while (!got.includes('after') && Date.now() < deadline) {
        await store.notifier.notify('build_events', 'after').catch(() => {});
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(got.includes('after'));
    } finally {
      await store.close();
    }
  });
});

async function waitForAsync(cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
