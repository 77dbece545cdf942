import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StartSlots } from './start-slots';

test('at most `size` starts run at once; the rest start in order as slots free up, also after a failure', async () => {
  const slots = new StartSlots(2);
  let running = 0;
  let most = 0;
  const order: number[] = [];
  const gates: (() => void)[] = [];
  const start = (i: number) => slots.run(async () => {
    running++;
    most = Math.max(most, running);
    order.push(i);
    await new Promise<void>((r) => gates.push(r));
    running--;
    if (i === 1) throw new Error('runc failed');
    return i;
  });
  const all = [0, 1, 2, 3, 4].map((i) => start(i).catch((e: Error) => e.message));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, [0, 1]);
  assert.equal(slots.queued, 3);
  while (order.length < 5 || gates.length > 0) {
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
  }
  assert.deepEqual(await Promise.all(all), [0, 'runc failed', 2, 3, 4]);
  assert.deepEqual(order, [0, 1, 2, 3, 4]);
  assert.equal(most, 2);
  assert.equal(slots.queued, 0);
});
