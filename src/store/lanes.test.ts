import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inBackground, isBackground, PriorityGate } from './lanes';

test('work started inside inBackground stays in the background lane across awaits and timers', async () => {
  assert.equal(isBackground(), false);
  const seen = await inBackground(async () => {
    await new Promise((r) => setTimeout(r, 1));
    return isBackground();
  });
  assert.equal(seen, true);
  assert.equal(isBackground(), false);
});

test('a one-slot gate serves a waiting interactive statement before every queued background one', async () => {
  const gate = new PriorityGate(1);
  const order: string[] = [];
  let release!: () => void;
  const first = gate.run(() => new Promise<void>((r) => { release = r; }), true);
  const background = Array.from({ length: 5 }, (_, i) => gate.run(async () => { order.push(`bg${i}`); }, true));
  const interactive = gate.run(async () => { order.push('api'); }, false);
  await new Promise((r) => setImmediate(r)); // the first statement has started
  assert.deepEqual(gate.waiting, { interactive: 1, background: 5 });
  release();
  await Promise.all([first, interactive, ...background]);
  assert.deepEqual(order, ['api', 'bg0', 'bg1', 'bg2', 'bg3', 'bg4']);
});

test('background work never holds more than its slots, so interactive statements find one free', async () => {
  const gate = new PriorityGate(Number.POSITIVE_INFINITY, 2);
  let running = 0;
  let most = 0;
  const hold: (() => void)[] = [];
  const bg = Array.from({ length: 6 }, () => gate.run(async () => {
    running++;
    most = Math.max(most, running);
    await new Promise<void>((r) => hold.push(r));
    running--;
  }, true));
  await new Promise((r) => setImmediate(r));
  assert.equal(hold.length, 2);
  const api = await gate.run(async () => 'answered', false); // not queued behind the six
  assert.equal(api, 'answered');
  while (hold.length > 0 || running > 0) {
    hold.shift()?.();
    await new Promise((r) => setImmediate(r));
  }
  await Promise.all(bg);
  assert.equal(most, 2);
});

test('between queued statements the event loop gets a turn (I/O is read, timers fire)', async () => {
  const gate = new PriorityGate(1);
  let timerFiredAfter = -1;
  let done = 0;
  setTimeout(() => { timerFiredAfter = done; }, 0);
  // Each statement finishes synchronously; without a yield, 200 would run before the timer.
  await Promise.all(Array.from({ length: 200 }, () => gate.run(async () => { done++; }, true)));
  assert.ok(timerFiredAfter >= 0 && timerFiredAfter < 200, `timer fired after ${timerFiredAfter} statements`);
});

test('background work still gets one statement in every few while interactive ones keep coming', async () => {
  const gate = new PriorityGate(1);
  const order: string[] = [];
  let release!: () => void;
  const first = gate.run(() => new Promise<void>((r) => { release = r; }), false);
  const bg = gate.run(async () => { order.push('build'); }, true);
  const api = Array.from({ length: 12 }, (_, i) => gate.run(async () => { order.push(`api${i}`); }, false));
  await new Promise((r) => setImmediate(r));
  release();
  await Promise.all([first, bg, ...api]);
  assert.ok(order.indexOf('build') <= 5, `the build's statement ran at position ${order.indexOf('build')}: ${order.join(' ')}`);
});
