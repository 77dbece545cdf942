import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEvent } from '../../../src/protocol/build-events';
import { BuildLog } from './build-log';

const plan = {
  id: 'root',
  on_success: {
    step: {
      id: 'seq',
      do: [
        { id: 'par', in_parallel: { steps: [{ id: 'g1', get: { name: 'repo' } }, { id: 'g2', get: { name: 'tools' } }] } },
        { id: 't1', task: { name: 'unit' } },
        { id: 'p1-hooks', on_success: { step: { id: 'p1', put: { name: 'image', resource: 'image' } }, on_success: { id: 'p1-get', get: { name: 'image', version_from: 'p1' } } } },
        { id: 'ac', across: { vars: [{ name: 'env', values: ['a', 'b'] }], substep_template: { id: 'tpl', task: { name: 'deploy' } } } },
      ],
    },
    on_success: { id: 'notify', task: { name: 'notify' } },
  },
};

test('the plan becomes a tree: in_parallel nested, do flattened, implicit put get a sibling, hooks labelled', () => {
  const log = new BuildLog();
  log.setPlan(plan);
  const shape = (nodes: typeof log.tree): unknown => nodes.map((n) => (n.children.length ? [n.kind, n.label, shape(n.children)] : [n.kind, n.label]));
  assert.deepEqual(shape(log.tree), [
    ['in_parallel', 'in_parallel', [['get', 'repo'], ['get', 'tools']]],
    ['task', 'unit'],
    ['put', 'image'],
    ['get', 'image'],
    ['across', 'across env'],
    ['hook', 'on success', [['task', 'notify']]],
  ]);
});

test('events fold into step state: times, exit status, version, logs, worker', () => {
  const log = new BuildLog();
  log.setPlan(plan);
  log.applyAll([
    buildEvent('status', { status: 'started', time: 100 }),
    buildEvent('initialize-get', { origin: { id: 'g1' }, time: 101 }),
    buildEvent('start-get', { origin: { id: 'g1' }, time: 102 }),
    buildEvent('finish-get', { origin: { id: 'g1' }, time: 104, exit_status: 0, version: { ref: 'abc' } }),
    buildEvent('selected-worker', { origin: { id: 't1' }, time: 105, selected_worker: 'w1' }),
    buildEvent('start-task', { origin: { id: 't1' }, time: 106, config: { platform: 'linux', image: '', run: { path: 'sh', args: [], dir: '' }, inputs: [] } }),
    buildEvent('log', { origin: { id: 't1', source: 'stdout' }, time: 107, payload: 'running tests\nok' }),
    buildEvent('finish-task', { origin: { id: 't1' }, time: 110, exit_status: 1 }),
  ]);
  const g1 = log.step('g1');
  assert.deepEqual([g1.status, g1.startTime, g1.finishTime, g1.version], ['succeeded', 102, 104, { ref: 'abc' }]);
  const t1 = log.step('t1');
  assert.deepEqual([t1.status, t1.exitStatus, t1.worker], ['failed', 1, 'w1']);
  assert.deepEqual(t1.log.lines, ['running tests', 'ok']);
  assert.equal(log.step('g2').status, 'pending');
});

test('across-substeps fills the across node with one group per combination', () => {
  const log = new BuildLog();
  log.setPlan(plan);
  log.apply(buildEvent('across-substeps', { origin: { id: 'ac' }, time: 1, substeps: [
    { values: ['a'], step: { id: 'ac-0', task: { name: 'deploy' } } },
    { values: ['b'], step: { id: 'ac-1', task: { name: 'deploy' } } },
  ] }));
  const across = log.tree.find((n) => n.kind === 'across')!;
  assert.deepEqual(across.children.map((c) => [c.label, c.children.map((x) => x.id)]), [['a', ['ac-0']], ['b', ['ac-1']]]);
});

test('an abort marks running steps aborted; a build error goes to the build-level log', () => {
  const log = new BuildLog();
  log.setPlan(plan);
  log.apply(buildEvent('start-task', { origin: { id: 't1' }, time: 1, config: { platform: 'linux', image: '', run: { path: 'x', args: [], dir: '' }, inputs: [] } }));
  log.apply(buildEvent('error', { origin: {}, time: 2, message: 'worker vanished' }));
  log.apply(buildEvent('status', { status: 'aborted', time: 3 }));
  assert.equal(log.step('t1').status, 'aborted');
  assert.equal(log.status, 'aborted');
  assert.match(log.step('').log.lines[0]!, /worker vanished/);
});

test('without a plan, steps appear as their events arrive', () => {
  const log = new BuildLog();
  log.apply(buildEvent('initialize-task', { origin: { id: 'x9' }, time: 1, config: { platform: 'linux', image: '', run: { path: 'x', args: [], dir: '' }, inputs: [] } }));
  assert.deepEqual(log.tree.map((n) => [n.id, n.kind]), [['x9', 'task']]);
});

test('events folded before the plan arrives keep their steps, logs and across groups once it does', () => {
  const log = new BuildLog();
  log.apply(buildEvent('across-substeps', { origin: { id: 'ac' }, time: 1, substeps: [{ values: ['a'], step: { id: 'ac-0', task: { name: 'deploy' } } }] }));
  log.apply(buildEvent('log', { origin: { id: 't1', source: 'stdout' }, time: 1, payload: 'early line\n' }));
  log.setPlan(plan);
  const across = log.tree.find((n) => n.kind === 'across')!;
  assert.deepEqual(across.children.map((c) => c.label), ['a']);
  assert.deepEqual(log.step('t1').log.lines, ['early line']);
  assert.equal(log.tree.filter((n) => n.id === 't1').length, 1, 'the step is the plan’s node, not a second one');
});
