// Contract: workers, containers, volumes, transactions, advisory locks and notifications.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { STORE_CHANNELS, type WorkerInfo } from '../../src/ports';
import { nextNotification, seedPipeline, withStore, type StoreFactory } from './fixtures';

const worker = (name: string): WorkerInfo => ({
  name, address: `http://127.0.0.1:7788/${name}`, platform: 'linux', tags: ['fast'], team: null, version: '1.0',
  resourceTypes: [{ type: 'git', image: '/opt/git' }], activeContainers: 0, activeVolumes: 0,
});

export function runtimeContract(factory: StoreFactory): void {
  describe('workers, containers and volumes', () => {
    test('a worker that stops heartbeating becomes stalled; a heartbeat revives it', () => withStore(factory, async (s) => {
      await s.workers.heartbeat(worker('w1'), 60);
      await s.workers.heartbeat(worker('w2'), -1);
      assert.deepEqual(await s.workers.markStalled(), ['w2']);
      assert.equal((await s.workers.get('w2'))!.state, 'stalled');
      const revived = await s.workers.heartbeat({ ...worker('w2'), activeContainers: 3 }, 60);
      assert.deepEqual([revived.state, revived.activeContainers, revived.tags], ['running', 3, ['fast']]);
      await s.workers.setState('w1', 'landing');
      assert.equal((await s.workers.heartbeat(worker('w1'), 60)).state, 'landing');
      assert.deepEqual((await s.workers.list()).map((w) => w.name), ['w1', 'w2']);
      assert.equal(await s.workers.destroy('w1'), true);
    }));

    test('containers and volumes are tracked per worker and build, and go with their worker', () => withStore(factory, async (s) => {
      const pipelineId = await seedPipeline(s, ['unit'], []);
      const job = (await s.jobs.get(pipelineId, 'unit'))!;
      const build = await s.builds.createForJob(job.id);
      await s.workers.heartbeat(worker('w1'), 60);
      const c = await s.containers.create({
        handle: 'c1', workerName: 'w1', kind: 'task', buildId: build.id, planId: 'p1', stepName: 'test',
        teamId: build.teamId, pipelineId, jobId: job.id, meta: { user: 'root' },
      });
      assert.deepEqual([c.state, c.buildId, c.meta, c.keepUntil], ['creating', build.id, { user: 'root' }, null]);
      await s.containers.setState('c1', 'created');
      const until = new Date(Date.now() + 3600_000);
      await s.containers.keepUntil('c1', until);
      const kept = (await s.containers.get('c1'))!;
      assert.equal(kept.state, 'created');
      assert.equal(kept.keepUntil!.getTime(), until.getTime());
      assert.deepEqual((await s.containers.list({ buildId: build.id })).map((x) => x.handle), ['c1']);
      assert.deepEqual(await s.containers.list({ buildId: build.id + 1 }), []);
      await s.volumes.create({ handle: 'v1', workerName: 'w1', kind: 'container', containerHandle: 'c1', path: '/tmp/build/x' });
      await s.volumes.create({ handle: 'v2', workerName: 'w1', kind: 'task-cache', cacheKey: 'job:step:/cache', jobId: job.id });
      await s.volumes.setState('v2', 'created');
      assert.deepEqual((await s.volumes.findCache({ kind: 'task-cache', cacheKey: 'job:step:/cache' })).map((v) => v.handle), ['v2']);
      assert.deepEqual((await s.volumes.list({ containerHandle: 'c1' })).map((v) => v.handle), ['v1']);
      assert.deepEqual((await s.volumes.list({ kind: 'task-cache', jobId: job.id })).map((v) => v.handle), ['v2']);
      await s.containers.destroy('c1');
      assert.equal((await s.volumes.get('v1'))!.containerHandle, null);
      await s.workers.destroy('w1');
      assert.deepEqual(await s.volumes.list(), []);
    }));
  });

  describe('transactions, locks and notifications', () => {
    test('a transaction that throws leaves nothing behind', () => withStore(factory, async (s) => {
      await assert.rejects(s.transaction(async (tx) => {
        await tx.teams.save('ghost', {});
        assert.ok(await tx.teams.get('ghost'));
        throw new Error('boom');
      }), /boom/);
      assert.equal(await s.teams.get('ghost'), null);
      const made = await s.transaction(async (tx) => {
        await tx.teams.save('real', {});
        return tx.transaction((inner) => inner.teams.get('real'));
      });
      assert.equal(made!.name, 'real');
    }));

    test('tryLock holds within a transaction', () => withStore(factory, async (s) => {
      const held = await s.transaction(async (tx) => [await tx.tryLock('scheduler:1'), await tx.tryLock('scheduler:1')]);
      assert.deepEqual(held, [true, true]);
    }));

    test('listen receives notify; a notification inside a transaction arrives only on commit', () => withStore(factory, async (s) => {
      const got: string[] = [];
      const unlisten = await s.notifier.listen('gantry_test', (p) => got.push(p));
      await s.notifier.notify('gantry_test', 'one');
      await assert.rejects(s.transaction(async (tx) => {
        await tx.notifier.notify('gantry_test', 'rolled-back');
        throw new Error('no');
      }));
      await s.transaction((tx) => tx.notifier.notify('gantry_test', 'two'));
      await waitFor(() => got.length >= 2);
      assert.deepEqual(got, ['one', 'two']);
      await unlisten();
      await s.notifier.notify('gantry_test', 'three');
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(got, ['one', 'two']);
    }));

    test('appending build events and finishing a build notify their channels', () => withStore(factory, async (s) => {
      const pipelineId = await seedPipeline(s, ['unit'], []);
      const build = await s.builds.createForJob((await s.jobs.get(pipelineId, 'unit'))!.id);
      const events = nextNotification(s, STORE_CHANNELS.buildEvents);
      const finished = nextNotification(s, STORE_CHANNELS.buildFinished);
      await Promise.all([events.ready, finished.ready]);
      await s.events.append(build.id, [{ type: 'log', payload: {} }]);
      await s.builds.finish(build.id, 'succeeded');
      assert.equal(await events.payload, String(build.id));
      assert.equal(await finished.payload, String(build.id));
    }));
  });
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
