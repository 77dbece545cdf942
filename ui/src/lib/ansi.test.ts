import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAnsi, stripAnsi, styleAfter, color256, PLAIN } from './ansi';

test('plain text is one unstyled segment', () => {
  const { segments, end } = parseAnsi('hello world');
  assert.deepEqual(segments, [{ text: 'hello world', style: PLAIN }]);
  assert.equal(end, PLAIN);
});

test('basic colours, bold and reset split the line', () => {
  const { segments, end } = parseAnsi('\x1b[31merror\x1b[0m: \x1b[1;32mok\x1b[m');
  assert.deepEqual(
    segments.map((s) => [s.text, s.style.fg ?? null, s.style.bold ?? false]),
    [['error', '#e74c3c', false], [': ', null, false], ['ok', '#2ecc71', true]],
  );
  assert.equal(end, PLAIN);
});

test('colour carries over the end of a line into the next', () => {
  const first = parseAnsi('\x1b[33mwarning starts');
  assert.equal(first.end.fg, '#f1c40f');
  const second = parseAnsi('and continues\x1b[39m done', first.end);
  assert.deepEqual(second.segments.map((s) => [s.text, s.style.fg ?? null]), [['and continues', '#f1c40f'], [' done', null]]);
});

test('256-colour and truecolour foreground and background', () => {
  const { segments } = parseAnsi('\x1b[38;5;196mred\x1b[48;2;1;2;3mbg');
  assert.equal(segments[0]!.style.fg, color256(196));
  assert.equal(color256(196), 'rgb(255,0,0)');
  assert.equal(segments[1]!.style.bg, 'rgb(1,2,3)');
  assert.equal(segments[1]!.style.fg, 'rgb(255,0,0)');
});

test('cursor movement and other escapes are dropped, not shown', () => {
  assert.equal(stripAnsi('\x1b[2K\x1b[1Gprogress \x1b[32m50%\x1b[0m'), 'progress 50%');
  assert.deepEqual(parseAnsi('\x1b[2Kdone').segments.map((s) => s.text), ['done']);
});

test('styleAfter agrees with parseAnsi without building segments', () => {
  const line = 'a\x1b[35mb\x1b[4mc';
  assert.deepEqual(styleAfter(line, PLAIN), parseAnsi(line).end);
  assert.equal(styleAfter('no escapes', PLAIN), PLAIN);
});

test('a line ending in a reset ends plain; a reset followed by a colour does not', () => {
  assert.equal(styleAfter('\x1b[31mred\x1b[0m tail', PLAIN), PLAIN);
  assert.equal(styleAfter('\x1b[0m\x1b[31mred', PLAIN).fg, '#e74c3c');
  assert.equal(styleAfter('\x1b[1mbold\x1b[m', { fg: '#fff' }), PLAIN);
});
