import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogBuffer, overprint } from './log-buffer';

test('chunks that split lines anywhere join into whole lines', () => {
  const log = new LogBuffer();
  log.append('hel', 1);
  log.append('lo\nwor', 2);
  log.append('ld\n', 3);
  log.append('tail', 4);
  assert.deepEqual(log.lines, ['hello', 'world', 'tail']);
  assert.deepEqual(log.times, [1, 2, 4], 'a line keeps the time of the chunk that started it');
});

test('an empty line in the middle is kept', () => {
  const log = new LogBuffer();
  log.append('a\n\nb\n', 1);
  assert.deepEqual(log.lines, ['a', '', 'b']);
});

test('colour opened on one line is the start style of the next', () => {
  const log = new LogBuffer();
  log.append('\x1b[31mred starts\nstill red\x1b[0m\nplain\n', 1);
  assert.equal(log.styleAt(0).fg, undefined);
  assert.equal(log.styleAt(1).fg, '#e74c3c');
  assert.equal(log.styleAt(2).fg, undefined);
  assert.equal(log.startStyles.size, 1, 'only non-plain start styles are stored');
});

test('carriage returns keep the last overprint, CRLF ends a line', () => {
  assert.equal(overprint('10%\r50%\r100%'), '100%');
  const log = new LogBuffer();
  log.append('windows line\r\nnext\n', 1);
  assert.deepEqual(log.lines, ['windows line', 'next']);
});
