import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from './sse';

test('messages split across chunks come out whole, in order', () => {
  const p = new SseParser();
  assert.deepEqual(p.feed('id: 1\nevent: event\ndata: {"a"'), []);
  assert.deepEqual(p.feed(':1}\n\nevent: end\ndata:\n\n'), [
    { event: 'event', data: '{"a":1}', id: '1' },
    { event: 'end', data: '' },
  ]);
});

test('multi-line data joins with newlines; comments and CRLF are handled', () => {
  const p = new SseParser();
  assert.deepEqual(p.feed(': keep-alive\r\n\r\ndata: x\r\ndata: y\r\n\r\n'), [{ event: 'message', data: 'x\ny' }]);
});
