// Contract: build numbering, status changes, paging, events, inputs and outputs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidStateError, NotFoundError, type Store } from '../../src/ports';
import { seedPipeline, withStore, type StoreFactory } from './fixtures';

async function jobId(s: Store, name = 'unit'): Promise<number> {
  const pipelineId = await seedPipeline(s, [name]);
  return (await s.jobs.get(pipelineId, name))!.id;
}

export function buildContract(factory: StoreFactory): void {
  describe('builds', () => {
    test('builds of a job are numbered 1, 2, 3 even when created at once', () => withStore(factory, async (s) => {
      const id = await jobId(s);
      const builds = await Promise.all(Array.from({ length: 8 }, () => s.builds.createForJob(id)));
      assert.deepEqual(builds.map((b) => Number(b.name)).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8]);
      const b = builds[0]!;
      assert.deepEqual([b.status, b.jobName, b.pipelineName, b.teamName], ['pending', 'unit', 'p', 'main']);
      assert.equal((await s.builds.getByName(id, '3'))!.name, '3');
    }));

    test('reruns are named N.1, N.2 (also when rerunning a rerun) and take the same inputs', () => withStore(factory, async (s) => {
      const id = await jobId(s);
      const first = await s.builds.createForJob(id);
      await s.builds.createForJob(id);
      const resource = (await s.resources.list(first.pipelineId!))[0]!;
      const scope = await s.versions.findOrCreateScope({ type: 'git', source: { uri: 'x' } });
      const [v] = await s.versions.saveVersions(scope.id, [{ version: { ref: 'abc' } }]);
      await s.builds.saveInputs(first.id, [{ name: 'repo', resourceId: resource.id, versionId: v!.id }]);
      const r1 = await s.builds.createRerun(first.id, { createdBy: 'alice' });
      const r2 = await s.builds.createRerun(r1.id);
      assert.deepEqual([r1.name, r2.name], ['1.1', '1.2']);
      assert.deepEqual([r1.rerunOf, r2.rerunOf, r1.createdBy], [first.id, first.id, 'alice']);
      assert.deepEqual((await s.builds.inputs(r2.id)).map((i) => [i.name, i.version, i.firstOccurrence]),
        [['repo', { ref: 'abc' }, false]]);
      assert.equal((await s.builds.createForJob(id)).name, '3');
    }));

    test('a one-off build is named by its id', () => withStore(factory, async (s) => {
      await s.teams.save('main', {});
      const b = await s.builds.createOneOff('main', { plan: { task: 'x' }, createdBy: 'alice' });
      assert.equal(b.name, String(b.id));
      assert.deepEqual([b.jobId, b.pipelineId, b.plan], [null, null, { task: 'x' }]);
      await assert.rejects(s.builds.createOneOff('nope'), NotFoundError);
    }));

    test('status moves pending → started → finished once', () => withStore(factory, async (s) => {
      const id = await jobId(s);
      const b = await s.builds.createForJob(id);
      assert.equal(await s.builds.start(b.id), true);
      assert.equal(await s.builds.start(b.id), false);
      const started = (await s.builds.get(b.id))!;
      assert.equal(started.status, 'started');
      assert.ok(started.startTime instanceof Date);
      const done = await s.builds.finish(b.id, 'failed');
      assert.equal(done.status, 'failed');
      assert.ok(done.endTime! >= done.startTime!);
      await assert.rejects(s.builds.finish(b.id, 'succeeded'), InvalidStateError);
      await assert.rejects(s.builds.finish(4242, 'succeeded'), NotFoundError);
    }));

    test('abort ends a pending build at once and flags a started one', () => withStore(factory, async (s) => {
      const id = await jobId(s);
      const pending = await s.builds.createForJob(id);
      const running = await s.builds.createForJob(id);
      await s.builds.start(running.id);
      assert.equal((await s.builds.requestAbort(pending.id)).status, 'aborted');
      assert.equal(await s.builds.start(pending.id), false);
      const flagged = await s.builds.requestAbort(running.id);
      assert.deepEqual([flagged.status, flagged.abortRequested], ['started', true]);
      assert.deepEqual((await s.builds.listRunning()).map((b) => b.id), [running.id]);
    }));

    test('job summaries: last finished, next, and where the current streak began', () => withStore(factory, async (s) => {
      const id = await jobId(s);
      const statuses = ['succeeded', 'failed', 'failed'] as const;
      const done = [];
      for (const st of statuses) {
        const b = await s.builds.createForJob(id);
        done.push(await s.builds.finish(b.id, st));
      }
      const next = await s.builds.createForJob(id);
      await s.builds.createForJob(id);
      const summary = (await s.builds.summaries([id])).get(id)!;
      assert.equal(summary.finished!.id, done[2]!.id);
      assert.equal(summary.transition!.id, done[1]!.id);
      assert.equal(summary.next!.id, next.id);
    }));

    test('lists page newest first by id with since/until cursors', () => withStore(factory, async (s) => {
      const id = await jobId(s);
      const ids: number[] = [];
      for (let i = 0; i < 7; i++) ids.push((await s.builds.createForJob(id)).id);
      const desc = [...ids].reverse();
      const first = await s.builds.list({ jobId: id }, { limit: 3 });
      assert.deepEqual(first.items.map((b) => b.id), desc.slice(0, 3));
      assert.equal(first.newer, null);
      assert.deepEqual(first.older, { since: desc[2], limit: 3 });
      const second = await s.builds.list({ jobId: id }, first.older!);
      assert.deepEqual(second.items.map((b) => b.id), desc.slice(3, 6));
      const last = await s.builds.list({ jobId: id }, second.older!);
      assert.deepEqual(last.items.map((b) => b.id), desc.slice(6));
      assert.equal(last.older, null);
      // `until` goes back up: the page just newer than the cursor, still newest first.
      const back = await s.builds.list({ jobId: id }, last.newer!);
      assert.deepEqual(back.items.map((b) => b.id), desc.slice(3, 6));
      const range = await s.builds.list({ jobId: id }, { since: desc[0]!, until: desc[4]!, limit: 10 });
      assert.deepEqual(range.items.map((b) => b.id), desc.slice(1, 4));
      assert.deepEqual((await s.builds.list({ teams: ['other'] }, { limit: 5 })).items, []);
      assert.deepEqual((await s.builds.list({ publicOnly: true }, { limit: 5 })).items, []);
    }));

    test('inputs record whether a version is new to the job; outputs are kept', () => withStore(factory, async (s) => {
      const id = await jobId(s);
      const job = (await s.jobs.getById(id))!;
      const resource = (await s.resources.list(job.pipelineId))[0]!;
      const scope = await s.versions.findOrCreateScope({ type: 'git', source: { uri: 'x' } });
      const [v1, v2] = await s.versions.saveVersions(scope.id, [{ version: { ref: '1' } }, { version: { ref: '2' } }]);
      const b1 = await s.builds.createForJob(id);
      const b2 = await s.builds.createForJob(id);
      await s.builds.saveInputs(b1.id, [{ name: 'repo', resourceId: resource.id, versionId: v1!.id }]);
      await s.builds.saveInputs(b2.id, [{ name: 'repo', resourceId: resource.id, versionId: v1!.id }]);
      assert.equal((await s.builds.inputs(b1.id))[0]!.firstOccurrence, true);
      assert.equal((await s.builds.inputs(b2.id))[0]!.firstOccurrence, false);
      await s.builds.saveOutputs(b2.id, [{ name: 'repo', resourceId: resource.id, versionId: v2!.id }]);
      assert.deepEqual((await s.builds.outputs(b2.id)).map((o) => o.version), [{ ref: '2' }]);
    }));
  });

  describe('build events', () => {
    test('events get ids 1..n per build, in append order, also under concurrent appends', () => withStore(factory, async (s) => {
      const id = await jobId(s);
      const b = await s.builds.createForJob(id);
      const other = await s.builds.createForJob(id);
      await s.events.append(other.id, [{ type: 'status', payload: { status: 'started' } }]);
      const last = await s.events.append(b.id, [
        { type: 'status', payload: { status: 'started', time: 1 } },
        { type: 'log', payload: { payload: 'hello\n' }, version: '5.1' },
      ]);
      assert.equal(last, 2);
      await Promise.all(Array.from({ length: 10 }, (_, i) =>
        s.events.append(b.id, [{ type: 'log', payload: { n: i, part: 0 } }, { type: 'log', payload: { n: i, part: 1 } }])));
      const events = await s.events.list(b.id);
      assert.deepEqual(events.map((e) => e.eventId), Array.from({ length: 22 }, (_, i) => i + 1));
      assert.deepEqual(events[1], { buildId: b.id, eventId: 2, type: 'log', version: '5.1', payload: { payload: 'hello\n' } });
      // A batch is never split: part 1 of each append follows its part 0.
      for (let i = 2; i < 22; i += 2) {
        const [a, z] = [events[i]!.payload as { n: number; part: number }, events[i + 1]!.payload as { n: number; part: number }];
        assert.deepEqual([a.n, a.part, z.part], [z.n, 0, 1]);
      }
      assert.deepEqual((await s.events.list(b.id, { after: 20 })).map((e) => e.eventId), [21, 22]);
      assert.deepEqual((await s.events.list(b.id, { after: 2, limit: 2 })).map((e) => e.eventId), [3, 4]);
      assert.equal(await s.events.deleteForBuild(b.id), 22);
      assert.deepEqual(await s.events.list(b.id), []);
      assert.equal((await s.events.list(other.id)).length, 1);
      await assert.rejects(s.events.append(999999, [{ type: 'log', payload: {} }]), NotFoundError);
    }));
  });
}
