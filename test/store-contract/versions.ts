// Contract: shared version histories, check order, pins and disabled versions.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidStateError, NotFoundError } from '../../src/ports';
import { gitResource, pipelineSave, seedPipeline, withStore, type StoreFactory } from './fixtures';

export function versionContract(factory: StoreFactory): void {
  describe('resource versions', () => {
    test('versions keep check order; a re-reported version moves to the top; no-op saves change nothing', () =>
      withStore(factory, async (s) => {
        const scope = await s.versions.findOrCreateScope({ type: 'git', source: { uri: 'a' } });
        const created = await s.versions.saveVersions(scope.id, [
          { version: { ref: '1' }, metadata: [{ name: 'author', value: 'x' }] }, { version: { ref: '2' } },
        ]);
        assert.deepEqual(created.map((v) => v.version), [{ ref: '1' }, { ref: '2' }]);
        assert.deepEqual((await s.versions.latest(scope.id))!.version, { ref: '2' });
        // check reports from the latest known version: nothing new.
        assert.deepEqual(await s.versions.saveVersions(scope.id, [{ version: { ref: '2' } }]), []);
        const before = (await s.versions.allInOrder(scope.id)).map((v) => v.checkOrder);
        assert.deepEqual((await s.versions.allInOrder(scope.id)).map((v) => v.checkOrder), before);
        const next = await s.versions.saveVersions(scope.id, [{ version: { ref: '2' } }, { version: { ref: '3' } }]);
        assert.deepEqual(next.map((v) => v.version), [{ ref: '3' }]);
        // An old version reported as newest (a force-push back) becomes the latest.
        await s.versions.saveVersions(scope.id, [{ version: { ref: '1' } }]);
        assert.deepEqual((await s.versions.allInOrder(scope.id)).map((v) => v.version.ref), ['2', '3', '1']);
        const one = (await s.versions.findVersion(scope.id, { ref: '1' }))!;
        assert.deepEqual(one.metadata, [{ name: 'author', value: 'x' }]);
        assert.equal(await s.versions.findVersion(scope.id, { ref: 'nope' }), null);
      }));

    test('same type and source share one history across pipelines, whatever the key order', () =>
      withStore(factory, async (s) => {
        const a = await s.versions.findOrCreateScope({ type: 'git', source: { uri: 'u', branch: 'main' } });
        const b = await s.versions.findOrCreateScope({ type: 'git', source: { branch: 'main', uri: 'u' } });
        const c = await s.versions.findOrCreateScope({ type: 'git', source: { uri: 'u', branch: 'dev' } });
        const d = await s.versions.findOrCreateScope({ type: 'hg', source: { uri: 'u', branch: 'main' } });
        const e = await s.versions.findOrCreateScope({ type: 'git', source: { uri: 'u', branch: 'main' }, typeVersion: { digest: '1' } });
        assert.equal(a.id, b.id);
        assert.equal(new Set([a.id, c.id, d.id, e.id]).size, 4);
        await s.teams.save('main', {});
        const p1 = await s.pipelines.saveConfig(pipelineSave('one', [], ['repo']));
        const p2 = await s.pipelines.saveConfig(pipelineSave('two', [], ['src']));
        const r1 = (await s.resources.get(p1.pipeline.id, 'repo'))!;
        const r2 = (await s.resources.get(p2.pipeline.id, 'src'))!;
        await s.resources.setScope(r1.id, a.id);
        await s.resources.setScope(r2.id, b.id);
        await s.versions.saveVersions(a.id, [{ version: { ref: 'x' } }]);
        const seen1 = await s.versions.listForResource(r1.id, { limit: 10 });
        const seen2 = await s.versions.listForResource(r2.id, { limit: 10 });
        assert.deepEqual(seen1.items.map((v) => v.version), [{ ref: 'x' }]);
        assert.deepEqual(seen2.items.map((v) => v.id), seen1.items.map((v) => v.id));
        assert.deepEqual((await s.resources.listByScope(a.id)).map((r) => r.id).sort(), [r1.id, r2.id].sort());
        assert.deepEqual((await s.resources.listForPipelines([p1.pipeline.id, p2.pipeline.id])).map((r) => r.name), ['repo', 'src']);
      }));

    test('a changed source drops the resource from its old history', () => withStore(factory, async (s) => {
      const pipelineId = await seedPipeline(s, [], ['repo']);
      const repo = (await s.resources.get(pipelineId, 'repo'))!;
      const scope = await s.versions.findOrCreateScope({ type: 'git', source: repo.config.source as { uri: string } });
      await s.resources.setScope(repo.id, scope.id);
      await s.pipelines.saveConfig(pipelineSave('p', [], ['repo']));
      assert.equal((await s.resources.get(pipelineId, 'repo'))!.scopeId, scope.id);
      await s.pipelines.saveConfig({ ...pipelineSave('p', [], []), resources: [gitResource('repo', 'https://elsewhere/x.git')] });
      assert.equal((await s.resources.get(pipelineId, 'repo'))!.scopeId, null);
    }));

    test('disabling a version is per pipeline resource', () => withStore(factory, async (s) => {
      await s.teams.save('main', {});
      const scope = await s.versions.findOrCreateScope({ type: 'git', source: { uri: 'shared' } });
      const [, v2] = await s.versions.saveVersions(scope.id, [{ version: { ref: '1' } }, { version: { ref: '2' } }]);
      const r1 = (await s.resources.get((await s.pipelines.saveConfig(pipelineSave('one', [], ['r']))).pipeline.id, 'r'))!;
      const r2 = (await s.resources.get((await s.pipelines.saveConfig(pipelineSave('two', [], ['r']))).pipeline.id, 'r'))!;
      await s.resources.setScope(r1.id, scope.id);
      await s.resources.setScope(r2.id, scope.id);
      await s.resources.setVersionEnabled(r1.id, v2!.id, false);
      const enabled = async (rid: number) =>
        (await s.versions.listForResource(rid, { limit: 10 })).items.map((v) => [v.version.ref, v.enabled]);
      assert.deepEqual(await enabled(r1.id), [['2', false], ['1', true]]);
      assert.deepEqual(await enabled(r2.id), [['2', true], ['1', true]]);
      assert.equal((await s.versions.getForResource(r1.id, v2!.id))!.enabled, false);
      assert.equal((await s.versions.getForResource(r2.id, v2!.id))!.enabled, true);
      await s.resources.setVersionEnabled(r1.id, v2!.id, true);
      assert.deepEqual(await enabled(r1.id), [['2', true], ['1', true]]);
      const other = await s.versions.findOrCreateScope({ type: 'git', source: { uri: 'other' } });
      const [foreign] = await s.versions.saveVersions(other.id, [{ version: { ref: 'f' } }]);
      await assert.rejects(s.resources.setVersionEnabled(r1.id, foreign!.id, false), NotFoundError);
      assert.equal(await s.versions.getForResource(r1.id, foreign!.id), null);
    }));

    test('version lists page by version id in check order', () => withStore(factory, async (s) => {
      const pipelineId = await seedPipeline(s, [], ['repo']);
      const repo = (await s.resources.get(pipelineId, 'repo'))!;
      const scope = await s.versions.findOrCreateScope({ type: 'git', source: { uri: 'p' } });
      await s.resources.setScope(repo.id, scope.id);
      await s.versions.saveVersions(scope.id, ['a', 'b', 'c', 'd', 'e'].map((ref) => ({ version: { ref } })));
      const first = await s.versions.listForResource(repo.id, { limit: 2 });
      assert.deepEqual(first.items.map((v) => v.version.ref), ['e', 'd']);
      const second = await s.versions.listForResource(repo.id, first.older!);
      assert.deepEqual(second.items.map((v) => v.version.ref), ['c', 'b']);
      const up = await s.versions.listForResource(repo.id, second.newer!);
      assert.deepEqual(up.items.map((v) => v.version.ref), ['e', 'd']);
    }));
  });

  describe('pins', () => {
    test('a user pin carries a comment and can be removed', () => withStore(factory, async (s) => {
      const pipelineId = await seedPipeline(s, [], ['repo']);
      const repo = (await s.resources.get(pipelineId, 'repo'))!;
      assert.equal(await s.resources.getPin(repo.id), null);
      const pin = await s.resources.pin(repo.id, { ref: 'abc' }, { comment: 'hold for release', by: 'alice' });
      assert.deepEqual([pin.version, pin.comment, pin.pinnedBy, pin.fromConfig], [{ ref: 'abc' }, 'hold for release', 'alice', false]);
      assert.equal((await s.resources.setPinComment(repo.id, 'still holding')).comment, 'still holding');
      await s.resources.pin(repo.id, { ref: 'def' });
      assert.deepEqual((await s.resources.getPin(repo.id))!.version, { ref: 'def' });
      assert.equal(await s.resources.unpin(repo.id), true);
      assert.equal(await s.resources.unpin(repo.id), false);
      await assert.rejects(s.resources.pin(99999, { ref: 'x' }), NotFoundError);
    }));

    test('`version:` in config pins the resource until the config drops it', () => withStore(factory, async (s) => {
      const pipelineId = await seedPipeline(s, [], ['repo']);
      const pinnedSave = { ...pipelineSave('p', [], []), resources: [{ ...gitResource('repo'), pinnedVersion: { ref: 'v1' } }] };
      await s.pipelines.saveConfig(pinnedSave);
      const repo = (await s.resources.get(pipelineId, 'repo'))!;
      const pin = (await s.resources.getPin(repo.id))!;
      assert.deepEqual([pin.version, pin.fromConfig], [{ ref: 'v1' }, true]);
      await assert.rejects(s.resources.pin(repo.id, { ref: 'v2' }), InvalidStateError);
      assert.equal(await s.resources.unpin(repo.id), false);
      await s.pipelines.saveConfig(pipelineSave('p', [], ['repo']));
      assert.equal(await s.resources.getPin(repo.id), null);
      // A user pin survives config saves.
      await s.resources.pin(repo.id, { ref: 'v3' });
      await s.pipelines.saveConfig(pipelineSave('p', [], ['repo']));
      assert.deepEqual((await s.resources.getPin(repo.id))!.version, { ref: 'v3' });
    }));
  });
}
