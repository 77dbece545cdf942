import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEvent, type BuildEvent } from '../protocol/build-events';
import { BatchingEventSink } from './batching-event-sink';

const log = (payload: string): BuildEvent => buildEvent('log', { time: 0, origin: { id: '1', source: 'stdout' }, payload });

describe('BatchingEventSink', () => {
  test('full batches go at once, the rest after the delay, everything in order', async () => {
    const batches: string[][] = [];
    const sink = new BatchingEventSink(async (events) => {
      batches.push(events.map((e) => (e.data as { payload: string }).payload));
    }, { maxBatch: 3, maxDelayMs: 20 });
    for (const p of ['a', 'b', 'c', 'd']) await sink.emit(log(p));
    assert.deepEqual(batches, [['a', 'b', 'c']]);
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(batches, [['a', 'b', 'c'], ['d']]);
    sink.emit(log('e'));
    await sink.flush();
    assert.deepEqual(batches.flat(), ['a', 'b', 'c', 'd', 'e']);
  });

  test('a batch goes as soon as its log bytes reach the cap, so a flood never makes one huge insert', async () => {
    const sizes: number[] = [];
    const sink = new BatchingEventSink(async (events) => {
      sizes.push(events.length);
    }, { maxBatch: 200, maxDelayMs: 10_000, maxBytes: 100_000 });
    for (let i = 0; i < 7; i++) await sink.emit(log('x'.repeat(30_000)));
    assert.deepEqual(sizes, [4]); // 4 × ~30 KB crossed 100 KB; the other 3 wait
    await sink.flush();
    assert.deepEqual(sizes, [4, 3]);
  });

  test('a failing store surfaces at flush', async () => {
    const sink = new BatchingEventSink(async () => { throw new Error('database is gone'); }, { maxBatch: 10 });
    sink.emit(log('x'));
    await assert.rejects(sink.flush(), /database is gone/);
  });
});
