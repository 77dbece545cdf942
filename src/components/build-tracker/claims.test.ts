import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../store';
import { BuildClaims } from './claims';

test('one node wins a build; a stopped or silent node loses its claims', async () => {
  const store = await openStore({ memory: true });
  try {
    let now = 1_000_000;
    const a = new BuildClaims(store, 'node-a', 60_000, () => now);
    const b = new BuildClaims(store, 'node-b', 60_000, () => now);
    await a.heartbeat();
    await b.heartbeat();
    const results = await Promise.all([a.claim(7), b.claim(7)]);
    assert.deepEqual([...results].sort(), ['mine', 'taken']);
    const winner = results[0] === 'mine' ? a : b;
    const loser = winner === a ? b : a;
    assert.equal(await winner.claim(7), 'mine');
    now += 59_000;
    assert.equal(await loser.claim(7), 'taken');
    now += 2_000; // the winner has been silent for more than a minute
    assert.equal(await loser.claim(7), 'orphaned');
    await winner.heartbeat();
    assert.equal(await loser.claim(7), 'taken');
    await winner.stopped();
    assert.equal(await loser.claim(7), 'orphaned');
  } finally {
    await store.close();
  }
});
