// Named examples: serial jobs, serial groups across jobs, max_in_flight, paused.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { canStartBuild, effectiveMaxInFlight, type ActiveBuild, type ConcurrencyJob, type StartContext } from './index';

const pending = (id: number, job: string, name = String(id), rerunOf?: number): ActiveBuild => ({
  id,
  job,
  name,
  status: 'pending',
  ...(rerunOf !== undefined ? { rerunOf } : {}),
});
const running = (id: number, job: string, name = String(id)): ActiveBuild => ({ id, job, name, status: 'started' });

function ctx(jobs: ConcurrencyJob[], builds: ActiveBuild[], pipelinePaused = false): StartContext {
  return { pipelinePaused, jobs, builds };
}

describe('canStartBuild', () => {
  test('an unlimited job starts any number of builds', () => {
    const job = { name: 'unit' };
    const b = pending(5, 'unit');
    assert.deepEqual(canStartBuild(job, b, ctx([job], [running(1, 'unit'), running(2, 'unit'), b])), { start: true });
  });

  test('serial: one at a time, "max in flight reached (1)"', () => {
    const job = { name: 'deploy', serial: true };
    const b = pending(2, 'deploy');
    const d = canStartBuild(job, b, ctx([job], [running(1, 'deploy'), b]));
    assert.deepEqual(d, { start: false, code: 'max-in-flight', reason: 'max in flight reached (1): running 1' });
  });

  test('max_in_flight: 2 allows a second build and holds the third', () => {
    const job = { name: 'it', maxInFlight: 2 };
    const second = pending(2, 'it');
    assert.deepEqual(canStartBuild(job, second, ctx([job], [running(1, 'it'), second])), { start: true });
    const third = pending(3, 'it');
    const d = canStartBuild(job, third, ctx([job], [running(1, 'it'), running(2, 'it'), third]));
    assert.equal(d.start === false && d.reason, 'max in flight reached (2): running 1, 2');
  });

  test('serial_groups are shared across jobs: names the job and build holding the group', () => {
    const a = { name: 'deploy-a', serialGroups: ['env'] };
    const b = { name: 'deploy-b', serialGroups: ['env'] };
    const mine = pending(7, 'deploy-b', '2');
    const d = canStartBuild(b, mine, ctx([a, b], [running(4, 'deploy-a', '3'), mine]));
    assert.deepEqual(d, { start: false, code: 'serial-group', reason: 'serial group env is held by job deploy-a build 3' });
  });

  test('serial_groups force one at a time even when max_in_flight is larger', () => {
    assert.equal(effectiveMaxInFlight({ name: 'x', serialGroups: ['g'], maxInFlight: 5 }), 1);
    assert.equal(effectiveMaxInFlight({ name: 'x' }), 0);
  });

  test('a group is first come first served: a later pending build waits for an earlier one of another job', () => {
    const a = { name: 'deploy-a', serialGroups: ['env'] };
    const b = { name: 'deploy-b', serialGroups: ['env'] };
    const earlier = pending(3, 'deploy-a', '1');
    const later = pending(5, 'deploy-b', '1');
    const d = canStartBuild(b, later, ctx([a, b], [earlier, later]));
    assert.deepEqual(d, { start: false, code: 'queued', reason: 'waiting for job deploy-a build 1, queued earlier in serial group env' });
    assert.deepEqual(canStartBuild(a, earlier, ctx([a, b], [earlier, later])), { start: true });
  });

  test("a paused job's pending builds do not hold the queue of its group", () => {
    const a = { name: 'deploy-a', serialGroups: ['env'], paused: true };
    const b = { name: 'deploy-b', serialGroups: ['env'] };
    const later = pending(5, 'deploy-b');
    assert.deepEqual(canStartBuild(b, later, ctx([a, b], [pending(3, 'deploy-a'), later])), { start: true });
  });

  test('a rerun waits in the place of its original build', () => {
    const job = { name: 'deploy', serial: true };
    const rerun = pending(9, 'deploy', '2.1', 2);
    const regular = pending(5, 'deploy', '3');
    assert.deepEqual(canStartBuild(job, rerun, ctx([job], [regular, rerun])), { start: true });
    assert.equal(canStartBuild(job, regular, ctx([job], [regular, rerun])).start, false);
  });

  test('jobs in different groups do not block each other', () => {
    const a = { name: 'a', serialGroups: ['one'] };
    const b = { name: 'b', serialGroups: ['two'] };
    const mine = pending(2, 'b');
    assert.deepEqual(canStartBuild(b, mine, ctx([a, b], [running(1, 'a'), mine])), { start: true });
  });

  test('paused pipeline and paused job hold every build', () => {
    const job = { name: 'unit' };
    const b = pending(1, 'unit');
    assert.deepEqual(canStartBuild(job, b, ctx([job], [b], true)), { start: false, code: 'pipeline-paused', reason: 'pipeline paused' });
    const paused = { name: 'unit', paused: true };
    assert.deepEqual(canStartBuild(paused, b, ctx([paused], [b])), { start: false, code: 'job-paused', reason: 'job paused' });
  });
});
