import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeadCgroupReclaim, nextReclaimAt } from './dead-cgroups';

const policy = { minIntervalMs: 1000 };

test('no parent reclaim while containers are live, nor without removals since the last', () => {
  assert.equal(nextReclaimAt(policy, { removed: 0, live: 0, lastAt: 0 }), undefined);
  assert.equal(nextReclaimAt(policy, { removed: 500, live: 1, lastAt: 0 }), undefined);
});

test('the last container gone makes a reclaim due, but never sooner than the interval after the last', () => {
  assert.equal(nextReclaimAt(policy, { removed: 1, live: 0, lastAt: 50_000 }), 51_000);
});

test('a reclaim due within the interval waits for it, and settled() waits with it; close() ends the wait', async () => {
  let live = 0;
  const alive = setInterval(() => {}, 1000); // the reclaim's timer does not keep a process alive on its own
  // A parent no host has: the reclaim finds nothing to write, so only the timing is seen.
  const r = new DeadCgroupReclaim(`gantry-no-such-parent-${process.pid}`, () => live, { minIntervalMs: 60 });
  r.removedOne(); // first: due at once
  const t0 = performance.now();
  r.removedOne(); // within the interval: waits for it
  await r.settled();
  assert.ok(performance.now() - t0 >= 50, 'settled() returned before the interval was over');
  r.removedOne();
  live = 1;
  const waiting = r.settled();
  await r.close();
  await waiting; // would hang if close() left the timer's waiters behind
  assert.deepEqual(r.runs, []);
  clearInterval(alive);
});
