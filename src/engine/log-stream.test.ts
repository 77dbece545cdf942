import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LogStream } from './log-stream';

function stream(secrets: string[] = []) {
  const payloads: string[] = [];
  const log = new LogStream(() => secrets, (p) => payloads.push(p));
  const write = (text: string | Uint8Array) => log.write(typeof text === 'string' ? new TextEncoder().encode(text) : text);
  return { payloads, write, end: () => log.end() };
}

describe('LogStream', () => {
  test('text without a newline is sent at once', () => {
    const s = stream();
    s.write('no newline yet');
    assert.deepEqual(s.payloads, ['no newline yet']);
  });

  test('a UTF-8 character split across chunks arrives whole', () => {
    const s = stream();
    const bytes = new TextEncoder().encode('é!');
    s.write(bytes.slice(0, 1));
    s.write(bytes.slice(1));
    assert.equal(s.payloads.join(''), 'é!');
    assert.ok(s.payloads.every((p) => !p.includes('\uFFFD')));
  });

  test('bytes that are not UTF-8 come through as replacement characters, never dropped', () => {
    const s = stream();
    s.write(new Uint8Array([0x00, 0xff, 0x41]));
    s.end();
    assert.equal(s.payloads.join(''), '\u0000\uFFFDA');
  });

  test('a secret split across chunks is redacted; a harmless tail is flushed at the end', () => {
    const s = stream(['hunter22']);
    s.write('pw: hun');
    s.write('ter22 and hu');
    s.end();
    assert.equal(s.payloads.join(''), 'pw: ((redacted)) and hu');
    assert.equal(s.payloads[0], 'pw: ');
  });

  test('large output is split into payloads of at most 64 KiB', () => {
    const s = stream();
    s.write('x'.repeat(200 * 1024));
    assert.deepEqual(s.payloads.map((p) => p.length), [65536, 65536, 65536, 8192]);
  });
});
