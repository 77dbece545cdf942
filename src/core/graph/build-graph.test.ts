import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPipelineGraph, nodeId } from './build-graph';
import type { PipelineGraph } from './types';

const edgeList = (g: PipelineGraph): string[] =>
  g.edges.map((e) => `${e.from} -> ${e.to} ${e.kind}${e.trigger ? ' trigger' : ''}`);

const diamond = {
  resources: [
    { name: 'src', type: 'git', icon: 'github' },
    { name: 'release', type: 's3' },
  ],
  jobs: [
    { name: 'a', plan: [{ get: 'src', trigger: true }] },
    { name: 'b', plan: [{ get: 'src', passed: ['a'], trigger: true }] },
    { name: 'c', plan: [{ get: 'src', passed: ['a'] }] },
    { name: 'd', plan: [{ get: 'src', passed: ['b', 'c'], trigger: true }, { put: 'release' }] },
  ],
};

describe('buildPipelineGraph', () => {
  test('diamond: passed draws job -> resource -> job, put draws the resource after the job', () => {
    const g = buildPipelineGraph(diamond);
    assert.deepEqual(
      g.nodes.map((n) => n.id),
      ['job:a', 'job:b', 'job:c', 'job:d', 'after:d:release', 'input:a:src', 'after:a:src', 'after:b:src', 'after:c:src'],
    );
    assert.deepEqual(edgeList(g), [
      'job:d -> after:d:release output trigger',
      'input:a:src -> job:a input trigger',
      'job:a -> after:a:src passed trigger',
      'after:a:src -> job:b input trigger',
      'after:a:src -> job:c input',
      'job:b -> after:b:src passed trigger',
      'after:b:src -> job:d input trigger',
      'job:c -> after:c:src passed trigger',
      'after:c:src -> job:d input trigger',
    ]);
    const src = g.nodes.find((n) => n.id === 'after:a:src');
    assert.deepEqual(src, {
      id: 'after:a:src', kind: 'resource', label: 'src', role: 'passed', resource: 'src', job: 'a',
      resourceType: 'git', icon: 'github',
    });
    assert.deepEqual(g.nodes.find((n) => n.id === 'input:a:src')?.mergeKey, 'input:src');
  });

  test('gets and puts are found in every kind of nested step and in job hooks', () => {
    const g = buildPipelineGraph({
      jobs: [{
        name: 'j',
        plan: [
          { do: [{ get: 'in-do' }] },
          { in_parallel: [{ get: 'in-parallel-list' }] },
          { in_parallel: { limit: 2, steps: [{ get: 'in-parallel-steps', trigger: true }] } },
          { try: { put: 'in-try' } },
          { get: 'alias', resource: 'real-name', timeout: '1h', attempts: 3 },
          { task: 't', across: [{ var: 'x', values: [1, 2] }], on_failure: { put: 'on-task-failure' } },
          { get: 'hooked', on_success: { do: [{ put: 'deep', ensure: { put: 'deeper' } }] } },
        ],
        on_error: { put: 'job-error' },
        on_abort: { put: 'job-abort' },
        ensure: { in_parallel: [{ put: 'job-ensure' }] },
      }],
    });
    const inputs = g.nodes.filter((n) => n.role === 'input').map((n) => n.label);
    const outputs = g.nodes.filter((n) => n.role === 'output').map((n) => n.label);
    assert.deepEqual(inputs, ['in-do', 'in-parallel-list', 'in-parallel-steps', 'real-name', 'hooked']);
    assert.deepEqual(outputs, ['in-try', 'on-task-failure', 'deep', 'deeper', 'job-error', 'job-abort', 'job-ensure']);
    const trig = g.edges.find((e) => e.from === nodeId.input('j', 'in-parallel-steps'));
    assert.equal(trig?.trigger, true);
    assert.equal(g.edges.find((e) => e.from === nodeId.input('j', 'in-do'))?.trigger, false);
  });

  test('a passed resource that the upstream job puts flows through its output box', () => {
    const g = buildPipelineGraph({
      jobs: [
        { name: 'build', plan: [{ get: 'repo', trigger: true }, { put: 'image' }] },
        { name: 'deploy', plan: [{ get: 'image', passed: ['build'], trigger: true }] },
      ],
    });
    assert.deepEqual(edgeList(g), [
      'job:build -> after:build:image output trigger',
      'input:build:repo -> job:build input trigger',
      'after:build:image -> job:deploy input trigger',
    ]);
    assert.equal(g.nodes.find((n) => n.id === 'after:build:image')?.role, 'output');
  });

  test('trigger flags: a shared line triggers when any get through it triggers; non-trigger stays false', () => {
    const g = buildPipelineGraph({
      jobs: [
        { name: 'up', plan: [{ get: 'r' }] },
        { name: 'manual', plan: [{ get: 'r', passed: ['up'] }] },
        { name: 'auto', plan: [{ get: 'r', passed: ['up'], trigger: true }, { get: 'other', trigger: false }] },
      ],
    });
    const trig = Object.fromEntries(g.edges.map((e) => [`${e.from}>${e.to}`, e.trigger]));
    assert.deepEqual(trig, {
      'input:up:r>job:up': false,
      'job:up>after:up:r': true,
      'after:up:r>job:manual': false,
      'after:up:r>job:auto': true,
      'input:auto:other>job:auto': false,
    });
  });

  test('groups show their jobs (globs allowed) and only the resources those jobs touch', () => {
    const config = {
      ...diamond,
      jobs: [...diamond.jobs, { name: 'lint', plan: [{ get: 'style-rules', trigger: true }] }],
      groups: [
        { name: 'first', jobs: ['a', 'b'] },
        { name: 'tail', jobs: ['c', 'd'] },
        { name: 'checks', jobs: ['l*'] },
      ],
    };
    const first = buildPipelineGraph(config, { groups: ['first'] });
    assert.deepEqual(first.nodes.map((n) => n.id), ['job:a', 'job:b', 'input:a:src', 'after:a:src']);
    // c's upstream job a is not shown, so c's input is drawn unconstrained; d
    // still flows from c, and its passed job b (not shown) draws no line.
    const tail = buildPipelineGraph(config, { groups: ['tail'] });
    assert.deepEqual(edgeList(tail), [
      'job:d -> after:d:release output trigger',
      'input:c:src -> job:c input',
      'job:c -> after:c:src passed trigger',
      'after:c:src -> job:d input trigger',
    ]);
    const checks = buildPipelineGraph(config, { groups: ['checks'] });
    assert.deepEqual(checks.nodes.map((n) => n.id), ['job:lint', 'input:lint:style-rules']);
    const two = buildPipelineGraph(config, { groups: ['first', 'checks'] });
    assert.deepEqual(two.nodes.filter((n) => n.kind === 'job').map((n) => n.label), ['a', 'b', 'lint']);
    assert.equal(buildPipelineGraph(config, { groups: [] }).nodes.filter((n) => n.kind === 'job').length, 5);
    assert.deepEqual(buildPipelineGraph(config, { groups: ['no-such-group'] }).nodes, []);
  });

  test('names with separators do not collide', () => {
    const g = buildPipelineGraph({
      jobs: [
        { name: 'a:b', plan: [{ put: 'c' }] },
        { name: 'a', plan: [{ put: 'b:c' }] },
      ],
    });
    assert.equal(new Set(g.nodes.map((n) => n.id)).size, 4);
  });

  test('malformed config draws what it can and never throws', () => {
    assert.deepEqual(buildPipelineGraph({}), { nodes: [], edges: [] });
    assert.deepEqual(buildPipelineGraph({ jobs: 'nope', groups: 3 }), { nodes: [], edges: [] });
    const g = buildPipelineGraph({
      jobs: [null, { name: null, plan: [] }, { name: 'ok', plan: [{ get: 7 }, 'junk', { get: 'r', passed: 'x' }] }, { name: 'ok' }],
    });
    assert.deepEqual(edgeList(g), ['input:ok:r -> job:ok input']);
  });

  test('a job that names itself in passed does not loop onto itself', () => {
    const g = buildPipelineGraph({ jobs: [{ name: 'j', plan: [{ get: 'r', passed: ['j'] }] }] });
    assert.deepEqual(edgeList(g), ['input:j:r -> job:j input']);
  });
});
