// Contract: teams, users, settings, pipelines and the jobs/resources their config declares.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigVersionConflictError, ConflictError, NotFoundError } from '../../src/ports';
import { gitResource, job, pipelineSave, withStore, type StoreFactory } from './fixtures';

export function pipelineContract(factory: StoreFactory): void {
  describe('teams, users and settings', () => {
    test('a team is created, its auth replaced, renamed and destroyed', () => withStore(factory, async (s) => {
      const first = await s.teams.save('dev', { owner: { users: ['alice'], groups: [] } });
      assert.equal(first.created, true);
      const second = await s.teams.save('dev', { viewer: { users: ['bob'], groups: ['github:org'] } });
      assert.equal(second.created, false);
      assert.equal(second.team.id, first.team.id);
      assert.deepEqual((await s.teams.get('dev'))!.auth, { viewer: { users: ['bob'], groups: ['github:org'] } });
      await s.teams.save('ops', {});
      await assert.rejects(s.teams.rename('dev', 'ops'), ConflictError);
      await assert.rejects(s.teams.rename('nope', 'x'), NotFoundError);
      await s.teams.rename('dev', 'devs');
      assert.deepEqual((await s.teams.list()).map((t) => t.name), ['devs', 'ops']);
      assert.equal(await s.teams.destroy('devs'), true);
      assert.equal(await s.teams.destroy('devs'), false);
    }));

    test('a user keeps the hash it was given; login time is recorded', () => withStore(factory, async (s) => {
      await s.users.save('admin', '$2b$10$first');
      await s.users.save('admin', '$2b$10$second');
      const user = (await s.users.get('admin'))!;
      assert.equal(user.passwordHash, '$2b$10$second');
      assert.equal(user.lastLoginAt, null);
      await s.users.recordLogin('admin');
      assert.ok((await s.users.get('admin'))!.lastLoginAt instanceof Date);
      assert.equal((await s.users.list()).length, 1);
    }));

    test('setIfAbsent keeps the first value', () => withStore(factory, async (s) => {
      assert.equal(await s.settings.setIfAbsent('signing-key', 'k1'), 'k1');
      assert.equal(await s.settings.setIfAbsent('signing-key', 'k2'), 'k1');
      await s.settings.set('signing-key', 'k3');
      assert.equal(await s.settings.get('signing-key'), 'k3');
      assert.equal(await s.settings.get('missing'), null);
    }));
  });

  describe('pipeline config saves', () => {
    test('a new pipeline starts paused at version 1; each save adds 1', () => withStore(factory, async (s) => {
      await s.teams.save('main', {});
      const created = await s.pipelines.saveConfig(pipelineSave('p', ['a']));
      assert.equal(created.created, true);
      assert.equal(created.pipeline.configVersion, 1);
      assert.equal(created.pipeline.paused, true);
      assert.equal(created.pipeline.lastSavedBy, null);
      const updated = await s.pipelines.saveConfig(pipelineSave('p', ['a', 'b'], [], { expectedVersion: 1, savedBy: 'alice' }));
      assert.equal(updated.created, false);
      assert.equal(updated.pipeline.lastSavedBy, 'alice');
      assert.equal(updated.pipeline.id, created.pipeline.id);
      assert.equal(updated.pipeline.configVersion, 2);
    }));

    test('a stale config version is refused and nothing changes', () => withStore(factory, async (s) => {
      await s.teams.save('main', {});
      await s.pipelines.saveConfig(pipelineSave('p', ['a'], ['repo']));
      await s.pipelines.saveConfig(pipelineSave('p', ['a', 'b'], ['repo'], { expectedVersion: 1 }));
      const err = await s.pipelines.saveConfig(pipelineSave('p', ['c'], [], { expectedVersion: 1 })).catch((e) => e);
      assert.ok(err instanceof ConfigVersionConflictError);
      assert.equal(err.expected, 1);
      assert.equal(err.current, 2);
      const p = (await s.pipelines.get({ team: 'main', name: 'p' }))!;
      assert.equal(p.configVersion, 2);
      assert.deepEqual(p.config!.jobs, [{ name: 'a', plan: [] }, { name: 'b', plan: [] }]);
      assert.deepEqual((await s.jobs.list(p.id)).map((j) => j.name), ['a', 'b']);
      assert.deepEqual((await s.resources.list(p.id)).map((r) => r.name), ['repo']);
      // Creating with a non-zero expected version means the caller read a pipeline that is gone.
      await assert.rejects(s.pipelines.saveConfig(pipelineSave('q', [], [], { expectedVersion: 3 })), ConfigVersionConflictError);
      assert.equal(await s.pipelines.get({ team: 'main', name: 'q' }), null);
    }));

    test('saving to a missing team is refused', () => withStore(factory, async (s) => {
      await assert.rejects(s.pipelines.saveConfig(pipelineSave('p', ['a'])), NotFoundError);
    }));

    test('jobs, resources and resource types are derived from the config, in config order', () => withStore(factory, async (s) => {
      await s.teams.save('main', {});
      const { pipeline } = await s.pipelines.saveConfig({
        ...pipelineSave('p', ['build', 'test'], ['src', 'image']),
        resourceTypes: [{ name: 'custom', type: 'registry-image', config: { name: 'custom', source: { repository: 'x' } } }],
      });
      const jobs = await s.jobs.list(pipeline.id);
      assert.deepEqual(jobs.map((j) => [j.name, j.active, j.paused]), [['build', true, false], ['test', true, false]]);
      assert.deepEqual(jobs[0]!.config, { name: 'build', plan: [] });
      const resources = await s.resources.list(pipeline.id);
      assert.deepEqual(resources.map((r) => [r.name, r.type]), [['src', 'git'], ['image', 'git']]);
      assert.deepEqual(resources[0]!.config, { name: 'src', type: 'git', source: { uri: 'https://example.com/src.git' } });
      const types = await s.resourceTypes.list(pipeline.id);
      assert.deepEqual(types.map((t) => [t.name, t.type]), [['custom', 'registry-image']]);
    }));

    test('a removed job becomes inactive, keeps its builds, and comes back with them', () => withStore(factory, async (s) => {
      await s.teams.save('main', {});
      const { pipeline } = await s.pipelines.saveConfig(pipelineSave('p', ['a', 'b'], ['r1', 'r2']));
      const b = (await s.jobs.get(pipeline.id, 'b'))!;
      await s.builds.createForJob(b.id);
      await s.builds.createForJob(b.id);
      const dropped = await s.pipelines.saveConfig(pipelineSave('p', ['a'], ['r1']));
      assert.deepEqual(dropped.removedJobs, ['b']);
      assert.deepEqual(dropped.removedResources, ['r2']);
      assert.deepEqual((await s.jobs.list(pipeline.id)).map((j) => j.name), ['a']);
      const inactive = (await s.jobs.get(pipeline.id, 'b'))!;
      assert.equal(inactive.active, false);
      assert.deepEqual((await s.jobs.list(pipeline.id, { includeInactive: true })).map((j) => j.name).sort(), ['a', 'b']);
      assert.equal((await s.resources.get(pipeline.id, 'r2'))!.active, false);
      await s.pipelines.saveConfig(pipelineSave('p', ['a', 'b'], ['r1']));
      const back = (await s.jobs.get(pipeline.id, 'b'))!;
      assert.equal(back.id, b.id);
      assert.equal(back.active, true);
      assert.equal((await s.builds.list({ jobId: b.id }, { limit: 10 })).items.length, 2);
      assert.equal((await s.builds.createForJob(b.id)).name, '3');
    }));

    test('old_name renames a job and a resource in place', () => withStore(factory, async (s) => {
      await s.teams.save('main', {});
      const { pipeline } = await s.pipelines.saveConfig(pipelineSave('p', ['unit'], ['repo']));
      const unit = (await s.jobs.get(pipeline.id, 'unit'))!;
      const repo = (await s.resources.get(pipeline.id, 'repo'))!;
      await s.builds.createForJob(unit.id);
      const renamed = await s.pipelines.saveConfig({
        ...pipelineSave('p', [], []),
        jobs: [{ ...job('unit-tests'), oldName: 'unit' }],
        resources: [{ ...gitResource('source'), oldName: 'repo' }],
      });
      assert.deepEqual(renamed.removedJobs, []);
      assert.equal((await s.jobs.get(pipeline.id, 'unit-tests'))!.id, unit.id);
      assert.equal(await s.jobs.get(pipeline.id, 'unit'), null);
      assert.equal((await s.resources.get(pipeline.id, 'source'))!.id, repo.id);
      assert.equal((await s.builds.createForJob(unit.id)).name, '2');
    }));

    test('instance vars name separate pipelines, whatever their key order', () => withStore(factory, async (s) => {
      await s.teams.save('main', {});
      const a = await s.pipelines.saveConfig(pipelineSave('p', ['a'], [], { instanceVars: { env: 'prod', region: 'eu' } }));
      const b = await s.pipelines.saveConfig(pipelineSave('p', ['a'], [], { instanceVars: { env: 'dev' } }));
      const plain = await s.pipelines.saveConfig(pipelineSave('p', ['a']));
      assert.notEqual(a.pipeline.id, b.pipeline.id);
      assert.notEqual(a.pipeline.id, plain.pipeline.id);
      const again = await s.pipelines.saveConfig(pipelineSave('p', ['a'], [], { instanceVars: { region: 'eu', env: 'prod' } }));
      assert.equal(again.pipeline.id, a.pipeline.id);
      assert.equal(again.pipeline.configVersion, 2);
      const found = await s.pipelines.get({ team: 'main', name: 'p', instanceVars: { region: 'eu', env: 'prod' } });
      assert.equal(found!.id, a.pipeline.id);
      assert.deepEqual(found!.instanceVars, { env: 'prod', region: 'eu' });
      assert.equal((await s.pipelines.instances('main', 'p')).length, 3);
      assert.equal((await s.pipelines.get({ team: 'main', name: 'p' }))!.id, plain.pipeline.id);
    }));
  });
}
