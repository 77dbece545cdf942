// Contract: the version algorithm's snapshot, loaded from the store and fed to core.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveInputs } from '../../src/core/versions';
import { pipelineSave, withStore, type StoreFactory } from './fixtures';

export function historyContract(factory: StoreFactory): void {
  describe('scheduling snapshot', () => {
    test('holds versions, pins, disabled versions, builds with inputs, outputs and pipes', () => withStore(factory, async (s) => {
      await s.teams.save('main', {});
      const { pipeline } = await s.pipelines.saveConfig(pipelineSave('p', ['unit', 'deploy'], ['repo', 'other']));
      const repo = (await s.resources.get(pipeline.id, 'repo'))!;
      const other = (await s.resources.get(pipeline.id, 'other'))!;
      const scope = await s.versions.findOrCreateScope({ type: 'git', source: { uri: 'repo' } });
      await s.resources.setScope(repo.id, scope.id);
      const [v1, v2, v3] = await s.versions.saveVersions(scope.id, ['1', '2', '3'].map((ref) => ({ version: { ref } })));
      await s.resources.setVersionEnabled(repo.id, v3!.id, false);
      await s.resources.pin(other.id, { ref: 'pinned' });
      const unit = (await s.jobs.get(pipeline.id, 'unit'))!;
      const deploy = (await s.jobs.get(pipeline.id, 'deploy'))!;
      const u1 = await s.builds.createForJob(unit.id);
      await s.builds.saveInputs(u1.id, [{ name: 'repo', resourceId: repo.id, versionId: v1!.id }]);
      await s.builds.finish(u1.id, 'succeeded');
      const u2 = await s.builds.createForJob(unit.id);
      await s.builds.saveInputs(u2.id, [{ name: 'repo', resourceId: repo.id, versionId: v2!.id }]);
      await s.builds.saveOutputs(u2.id, [{ name: 'repo', resourceId: repo.id, versionId: v2!.id }]);
      await s.builds.finish(u2.id, 'failed');
      const d1 = await s.builds.createForJob(deploy.id);
      await s.builds.saveInputs(d1.id, [{ name: 'code', resourceId: repo.id, versionId: v1!.id }]);
      await s.builds.savePipes(d1.id, [u1.id, u1.id]);
      const rerun = await s.builds.createRerun(d1.id);
      assert.deepEqual(await s.builds.pipes(d1.id), [u1.id]);

      const snap = await s.history.snapshot(pipeline.id);
      assert.deepEqual(snap.resources.map((r) => r.name), ['repo', 'other']);
      assert.deepEqual(snap.resources[0]!.versions.map((v) => [v.version.ref, v.disabled ?? false]),
        [['1', false], ['2', false], ['3', true]]);
      assert.deepEqual(snap.resources[1]!.pinned, { ref: 'pinned' });
      assert.deepEqual(snap.builds.map((b) => [b.id, b.job, b.status, b.rerunOf ?? null]), [
        [u1.id, 'unit', 'succeeded', null], [u2.id, 'unit', 'failed', null],
        [d1.id, 'deploy', 'pending', null], [rerun.id, 'deploy', 'pending', d1.id],
      ]);
      const byId = new Map(snap.builds.map((b) => [b.id, b]));
      assert.deepEqual(byId.get(u2.id)!.outputs, [{ resource: 'repo', versionId: v2!.id }]);
      assert.deepEqual(byId.get(d1.id)!.inputs, [{ name: 'code', resource: 'repo', versionId: v1!.id }]);
      assert.deepEqual(byId.get(d1.id)!.passedBuildIds, [u1.id]);

      // The snapshot is what the pure algorithm consumes: latest skips the disabled v3, and
      // passed: [unit] only accepts v1, the version of unit's succeeded build.
      const latest = resolveInputs(snap, { name: 'unit', inputs: [{ name: 'repo', resource: 'repo', trigger: true }] });
      assert.equal(latest.inputs.repo!.versionId, v2!.id);
      const passed = resolveInputs(snap, { name: 'deploy', inputs: [{ name: 'code', resource: 'repo', passed: ['unit'] }] });
      assert.equal(passed.inputs.code!.versionId, v1!.id);
      assert.deepEqual(passed.inputs.code!.passedBuildIds, [u1.id]);
    }));
  });
}
