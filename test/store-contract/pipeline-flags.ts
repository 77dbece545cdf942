// Contract: listing, ordering and the flags users flip on pipelines and jobs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, NotFoundError } from '../../src/ports';
import { pipelineSave, withStore, type StoreFactory } from './fixtures';

export function pipelineFlagsContract(factory: StoreFactory): void {
  describe('pipeline listing and flags', () => {
    test('list filters by team and public, hides archived, and follows ordering', () => withStore(factory, async (s) => {
      await s.teams.save('main', {});
      await s.teams.save('other', {});
      for (const name of ['one', 'two', 'three']) await s.pipelines.saveConfig(pipelineSave(name, ['a']));
      const secret = await s.pipelines.saveConfig({ ...pipelineSave('secret', ['a']), team: 'other' });
      const shown = await s.pipelines.saveConfig({ ...pipelineSave('shown', ['a']), team: 'other' });
      await s.pipelines.setPublic(shown.pipeline.id, true);
      assert.deepEqual((await s.pipelines.list({ teams: ['main'] })).map((p) => p.name), ['one', 'two', 'three']);
      assert.deepEqual((await s.pipelines.list({ teams: ['main'], includePublic: true })).map((p) => p.name),
        ['one', 'two', 'three', 'shown']);
      assert.deepEqual((await s.pipelines.list({ includePublic: true })).map((p) => p.name), ['shown']);
      assert.equal((await s.pipelines.list()).length, 5);
      await s.pipelines.order('main', ['three', 'one']);
      assert.deepEqual((await s.pipelines.list({ teams: ['main'] })).map((p) => p.name), ['three', 'one', 'two']);
      await assert.rejects(s.pipelines.order('main', ['nope']), NotFoundError);
      await s.pipelines.archive(secret.pipeline.id);
      assert.deepEqual((await s.pipelines.list({ teams: ['other'] })).map((p) => p.name), ['shown']);
      assert.deepEqual((await s.pipelines.list({ teams: ['other'], includeArchived: true })).map((p) => p.name),
        ['secret', 'shown']);
    }));

    test('pause records who and when; unpause clears it', () => withStore(factory, async (s) => {
      await s.teams.save('main', {});
      const { pipeline } = await s.pipelines.saveConfig(pipelineSave('p', ['a']));
      const unpaused = await s.pipelines.setPaused(pipeline.id, false);
      assert.equal(unpaused.paused, false);
      assert.equal(unpaused.pausedAt, null);
      const paused = await s.pipelines.setPaused(pipeline.id, true, 'alice');
      assert.equal(paused.paused, true);
      assert.equal(paused.pausedBy, 'alice');
      assert.ok(paused.pausedAt instanceof Date);
      // A later save keeps the pipeline paused or unpaused as it was.
      await s.pipelines.setPaused(pipeline.id, false);
      const saved = await s.pipelines.saveConfig(pipelineSave('p', ['a']));
      assert.equal(saved.pipeline.paused, false);
      const a = (await s.jobs.get(pipeline.id, 'a'))!;
      const pausedJob = await s.jobs.setPaused(a.id, true, 'bob');
      assert.deepEqual([pausedJob.paused, pausedJob.pausedBy], [true, 'bob']);
      assert.equal((await s.jobs.setPaused(a.id, false)).paused, false);
      await assert.rejects(s.pipelines.setPaused(9999, true), NotFoundError);
    }));

    test('archiving drops the config and deactivates everything; a save brings it back paused', () => withStore(factory, async (s) => {
      await s.teams.save('main', {});
      const { pipeline } = await s.pipelines.saveConfig(pipelineSave('p', ['a'], ['r']));
      await s.pipelines.setPaused(pipeline.id, false);
      const archived = await s.pipelines.archive(pipeline.id);
      assert.deepEqual([archived.archived, archived.paused, archived.config], [true, true, null]);
      assert.deepEqual(await s.jobs.list(pipeline.id), []);
      assert.deepEqual(await s.resources.list(pipeline.id), []);
      const back = await s.pipelines.saveConfig(pipelineSave('p', ['a'], ['r']));
      assert.equal(back.pipeline.id, pipeline.id);
      assert.deepEqual([back.pipeline.archived, back.pipeline.paused], [false, true]);
      assert.equal(back.pipeline.configVersion, 2);
      assert.equal((await s.jobs.list(pipeline.id)).length, 1);
    }));

    test('a schedule request makes a job due until a pass handles it; a newer request makes it due again', () =>
      withStore(factory, async (s) => {
        await s.teams.save('main', {});
        const { pipeline } = await s.pipelines.saveConfig(pipelineSave('p', ['a', 'b']));
        const [a, b] = await s.jobs.list(pipeline.id);
        await s.jobs.requestSchedule(a!.id);
        assert.deepEqual(await s.jobs.listDueForSchedule(), [], 'a paused pipeline schedules nothing');
        await s.pipelines.setPaused(pipeline.id, false);
        const due = await s.jobs.listDueForSchedule();
        assert.deepEqual(due.map((j) => j.name), ['a']);
        await s.jobs.markScheduled(a!.id, due[0]!.scheduleRequestedAt!);
        assert.deepEqual(await s.jobs.listDueForSchedule(), []);
        // Immediately again, likely within the same millisecond: still strictly newer.
        await s.jobs.requestSchedule(a!.id);
        assert.deepEqual((await s.jobs.listDueForSchedule()).map((j) => j.name), ['a']);
        await s.jobs.requestScheduleForPipelines([pipeline.id]);
        const both = await s.jobs.listDueForSchedule();
        assert.deepEqual(both.map((j) => j.name).sort(), ['a', 'b']);
        // A pass that read an older request does not hide the newer one.
        await s.jobs.markScheduled(b!.id, both.find((j) => j.id === b!.id)!.scheduleRequestedAt!);
        await s.jobs.markScheduled(b!.id, new Date(0));
        assert.deepEqual((await s.jobs.listDueForSchedule()).map((j) => j.name), ['a']);
      }));

    test('rename and destroy', () => withStore(factory, async (s) => {
      await s.teams.save('main', {});
      const { pipeline } = await s.pipelines.saveConfig(pipelineSave('p', ['a']));
      await s.pipelines.saveConfig(pipelineSave('q', ['a']));
      await assert.rejects(s.pipelines.rename('main', 'p', 'q'), ConflictError);
      await assert.rejects(s.pipelines.rename('main', 'nope', 'x'), NotFoundError);
      await s.pipelines.rename('main', 'p', 'renamed');
      assert.equal((await s.pipelines.get({ team: 'main', name: 'renamed' }))!.id, pipeline.id);
      const job = (await s.jobs.get(pipeline.id, 'a'))!;
      const build = await s.builds.createForJob(job.id);
      assert.equal(await s.pipelines.destroy(pipeline.id), true);
      assert.equal(await s.pipelines.getById(pipeline.id), null);
      assert.equal(await s.jobs.getById(job.id), null);
      assert.equal(await s.builds.get(build.id), null);
      assert.equal(await s.pipelines.destroy(pipeline.id), false);
    }));

    test('destroying a team removes its pipelines', () => withStore(factory, async (s) => {
      await s.teams.save('main', {});
      const { pipeline } = await s.pipelines.saveConfig(pipelineSave('p', ['a']));
      await s.teams.destroy('main');
      assert.equal(await s.pipelines.getById(pipeline.id), null);
    }));
  });
}
