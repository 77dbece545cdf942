import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { palette, stripAnsi } from './color';
import { diffConfigs } from './config-diff';
import { diffLines } from './line-diff';

const plain = palette(false);

const before = {
  resources: [{ name: 'repo', type: 'git', source: { uri: 'https://example.com/a.git' } }],
  jobs: [
    { name: 'unit', plan: [{ get: 'repo', trigger: true }, { task: 'test', file: 'repo/ci/test.yml' }] },
    { name: 'deploy', plan: [{ get: 'repo', passed: ['unit'] }] },
  ],
};

describe('diffConfigs', () => {
  test('a new pipeline shows every item as added and no removal warning', () => {
    const d = diffConfigs(null, before, plain);
    assert.deepEqual(
      d.changes.map((c) => `${c.change} ${c.kind} ${c.name}`),
      ['added resource repo', 'added job unit', 'added job deploy'],
    );
    assert.match(d.text, /^resources:\n  resource repo has been added:\n  \+ name: repo\n/);
    assert.doesNotMatch(d.text, /removes/);
  });

  test('a removed job is shown and called out at the end', () => {
    const after = { ...before, jobs: [before.jobs[0]] };
    const d = diffConfigs(before, after, plain);
    assert.deepEqual(d.changes, [{ kind: 'job', name: 'deploy', change: 'removed' }]);
    assert.match(d.text, /jobs:\n  job deploy has been removed:\n  - name: deploy\n/);
    assert.match(d.text, /this configuration removes:\n  - job deploy\n$/);
  });

  test('a changed job shows only the changed lines as - and +', () => {
    const after = structuredClone(before);
    after.jobs[0]!.plan[1] = { task: 'test', file: 'repo/ci/unit.yml' };
    const d = diffConfigs(before, after, plain);
    assert.deepEqual(d.changes, [{ kind: 'job', name: 'unit', change: 'changed' }]);
    const lines = d.text.split('\n');
    assert.ok(lines.includes('  -     file: repo/ci/test.yml'), d.text);
    assert.ok(lines.includes('  +     file: repo/ci/unit.yml'), d.text);
    assert.ok(lines.includes('    name: unit'), d.text);
  });

  test('key order alone is not a change', () => {
    const reordered = {
      jobs: before.jobs.map((j) => ({ plan: j.plan, name: j.name })),
      resources: [{ source: { uri: 'https://example.com/a.git' }, type: 'git', name: 'repo' }],
    };
    const d = diffConfigs(before, reordered, plain);
    assert.equal(d.changes.length, 0);
    assert.equal(d.text, '');
  });

  test('resource types, groups and display have their own sections', () => {
    const after = {
      ...before,
      resource_types: [{ name: 'slack', type: 'registry-image', source: { repository: 'x/slack' } }],
      groups: [{ name: 'all', jobs: ['*'] }],
      display: { background_image: 'http://example.com/bg.png' },
    };
    const d = diffConfigs(before, after, plain);
    assert.match(d.text, /^groups:\n  group all has been added:/m);
    assert.match(d.text, /^resource types:\n  resource type slack has been added:/m);
    assert.match(d.text, /^display:\n  display configuration has been added:/m);
  });

  test('removals are red and additions green on a terminal', () => {
    const d = diffConfigs(before, { resources: before.resources, jobs: [before.jobs[0], { name: 'new', plan: [] }] }, palette(true));
    assert.match(d.text, /\x1b\[31m  - name: deploy\x1b\[0m/);
    assert.match(d.text, /\x1b\[32m  \+ name: new\x1b\[0m/);
    assert.equal(stripAnsi(d.text).includes('job new has been added:'), true);
  });
});

describe('diffLines', () => {
  test('keeps common lines and marks the rest', () => {
    assert.deepEqual(diffLines(['a', 'b', 'c'], ['a', 'x', 'c']), [
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'x' },
      { op: ' ', text: 'c' },
    ]);
  });
});
