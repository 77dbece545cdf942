// The store contract on embedded PGlite (in memory), plus what only a data dir shows.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, migrate, openStore, PgliteClient, SqlStore } from '../src/store';
import type { Store } from '../src/ports';
import { storeContract } from './store-contract';
import { pipelineSave } from './store-contract/fixtures';

// Starting PGlite costs seconds (WebAssembly), so the contract shares one in-memory
// instance and gives each test an empty schema instead of a new database.
let shared: Promise<PgliteClient> | null = null;
async function freshSchemaStore(): Promise<Store> {
  shared ??= PgliteClient.open();
  const client = await shared;
  await client.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await migrate(client);
  const store = new SqlStore(client);
  return Object.assign(Object.create(store) as Store, { close: async () => {} });
}
after(async () => (await shared)?.close());

describe('store on PGlite', () => {
  storeContract(freshSchemaStore);

  test('reopening the data dir keeps everything and does not migrate twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-pglite-'));
    try {
      const first = await openStore({ dataDir: dir });
      await first.teams.save('main', { owner: { users: ['admin'], groups: [] } });
      await first.users.save('admin', 'hash');
      const { pipeline } = await first.pipelines.saveConfig(pipelineSave('p', ['unit'], ['repo']));
      const build = await first.builds.createForJob((await first.jobs.get(pipeline.id, 'unit'))!.id);
      await first.events.append(build.id, [{ type: 'log', payload: { payload: 'kept' } }]);
      // Two openers of one data dir would corrupt it: the second is refused while the first runs.
      await assert.rejects(openStore({ dataDir: dir }), DataDirInUseError);
      await first.close();

      const second = await openStore({ dataDir: dir });
      try {
        assert.deepEqual((await second.teams.get('main'))!.auth, { owner: { users: ['admin'], groups: [] } });
        assert.equal((await second.users.get('admin'))!.passwordHash, 'hash');
        const again = (await second.pipelines.get({ team: 'main', name: 'p' }))!;
        assert.equal(again.configVersion, 1);
        assert.deepEqual((await second.jobs.list(again.id)).map((j) => j.name), ['unit']);
        assert.deepEqual((await second.events.list(build.id)).map((e) => e.payload), [{ payload: 'kept' }]);
        const next = await second.builds.createForJob((await second.jobs.get(again.id, 'unit'))!.id);
        assert.equal(next.name, '2');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
