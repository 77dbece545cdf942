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

  test('a failing store surfaces at flush', async () => {
    const sink = new BatchingEventSink(async () => { throw new Error('database is gone'); }, { maxBatch: 10 });
    sink.emit(log('x'));
    await assert.rejects(sink.flush(), /database is gone/);
  });
});
