import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentile, median } from './stats';

test('percentiles pick the nearest-rank sample', () => {
  const s = [5, 1, 4, 2, 3];
  assert.equal(median(s), 3);
  assert.equal(percentile(s, 100), 5);
  assert.equal(percentile(s, 1), 1);
  assert.equal(percentile([...Array(100).keys()].map((i) => i + 1), 99), 99);
});
