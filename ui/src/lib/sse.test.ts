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

test('a long data line fed in pieces, with CRLF split between chunks, comes out once', () => {
  const p = new SseParser();
  const big = 'x'.repeat(100_000);
  const text = `id: 7\r\nevent: event\r\ndata: ${big}\r\n\r\n`;
  const cut = [5, 60_000, text.length - 3, text.length - 1];
  const out = [];
  let at = 0;
  for (const c of [...cut, text.length]) {
    out.push(...p.feed(text.slice(at, c)));
    at = c;
  }
  assert.deepEqual(out, [{ event: 'event', data: big, id: '7' }]);
});
