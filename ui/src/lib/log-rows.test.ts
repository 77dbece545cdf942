import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEvent } from '../../../src/protocol/build-events';
import { BuildLog } from './build-log';
import { layoutRows, rowAt, rowOf, searchLog, stepOrder } from './log-rows';

function sample(): BuildLog {
  const log = new BuildLog();
  log.setPlan({ id: 'r', do: [
    { id: 'g', get: { name: 'repo' } },
    { id: 'p', in_parallel: { steps: [{ id: 'a', task: { name: 'a' } }, { id: 'b', task: { name: 'b' } }] } },
  ] });
  log.apply(buildEvent('log', { origin: { id: 'a' }, time: 1, payload: 'one\ntwo\n' }));
  log.apply(buildEvent('log', { origin: { id: 'b' }, time: 1, payload: 'Three \x1b[1mFOUR\x1b[0m\n' }));
  return log;
}

test('rows: headers then the lines of expanded steps, nested by depth', () => {
  const layout = layoutRows(sample(), new Set());
  const rows = Array.from({ length: layout.total }, (_, i) => rowAt(layout, i)!);
  assert.deepEqual(
    rows.map((r) => (r.type === 'step' ? `${r.depth}:${r.node.label}` : `${r.depth}:${r.stepId}#${r.line}`)),
    ['0:repo', '0:in_parallel', '1:a', '2:a#0', '2:a#1', '1:b', '2:b#0'],
  );
});

test('collapsing a step hides its lines; collapsing a group hides its children', () => {
  const log = sample();
  assert.equal(layoutRows(log, new Set(['a'])).total, 5);
  assert.equal(layoutRows(log, new Set(['p'])).total, 2);
});

test('a million lines stay one block and any row is found', () => {
  const log = new BuildLog();
  log.setPlan({ id: 't', task: { name: 'big' } });
  const chunk = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n') + '\n';
  for (let i = 0; i < 1000; i++) log.apply(buildEvent('log', { origin: { id: 't' }, time: i, payload: chunk }));
  const layout = layoutRows(log, new Set());
  assert.equal(layout.total, 1_000_001);
  assert.equal(layout.blocks.length, 2);
  const r = rowAt(layout, 999_999);
  assert.ok(r && r.type === 'line');
  assert.equal(log.step('t').log.lines[r.line], 'line 998');
  assert.equal(rowOf(layout, 't', 5), 6);
});

test('search finds text case-insensitively across escapes, in page order', () => {
  const log = sample();
  assert.deepEqual(searchLog(log, 'four', stepOrder(log)), [{ stepId: 'b', line: 0 }]);
  assert.deepEqual(searchLog(log, 'O', stepOrder(log)).map((h) => `${h.stepId}${h.line}`), ['a0', 'a1', 'b0']);
  assert.deepEqual(searchLog(log, '', stepOrder(log)), []);
});

test('search treats the query literally, not as a pattern', () => {
  const log = new BuildLog();
  log.setPlan({ id: 't', task: { name: 'x' } });
  log.apply(buildEvent('log', { origin: { id: 't' }, time: 1, payload: 'a.b\naxb\n(c)\n' }));
  assert.deepEqual(searchLog(log, 'a.b', stepOrder(log)).map((h) => h.line), [0]);
  assert.deepEqual(searchLog(log, '(C)', stepOrder(log)).map((h) => h.line), [2]);
});
