import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoDuration } from './duration';

test('accepts Go durations', () => {
  assert.equal(parseGoDuration('1m30s'), 90_000);
  assert.equal(parseGoDuration('1.5h'), 5_400_000);
  assert.equal(parseGoDuration('300ms'), 300);
  assert.equal(parseGoDuration('0'), 0);
  assert.equal(parseGoDuration('-2s'), -2000);
  assert.equal(parseGoDuration('.5s'), 500);
  assert.equal(parseGoDuration('1h2m3s4ms'), 3_723_004);
});

test('rejects what Go rejects', () => {
  for (const bad of ['', '1', '1m30', '5 minutes', '1d', 's', '.s', '1.5.5s', '+', 'never']) {
    assert.equal(parseGoDuration(bad), undefined, bad);
  }
});
