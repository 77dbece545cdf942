import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextReclaimAt } from './dead-cgroups';

const policy = { minIntervalMs: 1000 };

test('no parent reclaim while containers are live, nor without removals since the last', () => {
  assert.equal(nextReclaimAt(policy, { removed: 0, live: 0, lastAt: 0 }), undefined);
  assert.equal(nextReclaimAt(policy, { removed: 500, live: 1, lastAt: 0 }), undefined);
});

test('the last container gone makes a reclaim due, but never sooner than the interval after the last', () => {
  assert.equal(nextReclaimAt(policy, { removed: 1, live: 0, lastAt: 50_000 }), 51_000);
});
