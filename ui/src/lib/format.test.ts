import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shortVersion, versionText } from './format';

test('a short version keeps values only, cuts commit shas and digests to 7 hex digits', () => {
  assert.equal(shortVersion({ ref: '4f2a9c1e0b7d5a3c2e1f' }), '4f2a9c1');
  assert.equal(shortVersion({ digest: 'sha256:9e1b77aa00cc11dd22ee' }), 'sha256:9e1b77a');
  assert.equal(shortVersion({ number: '1.2.3', time: '2026-11-27T09:00:00.123456789Z' }), '1.2.3, 2026-11-27T09:00:00…');
  assert.equal(shortVersion(undefined), '');
  assert.equal(versionText({ ref: 'abc' }), 'ref: abc', 'the full text keeps the keys');
});
