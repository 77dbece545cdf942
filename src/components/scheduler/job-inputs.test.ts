import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobInputConfigs } from './job-inputs';

test('every get in the plan and hooks is an input, once per name, with passed/version/trigger', () => {
  const inputs = jobInputConfigs({
    name: 'j',
    plan: [
      { in_parallel: { steps: [{ get: 'src', trigger: true, passed: ['unit'] }, { get: 'img', resource: 'image', version: 'every' }] } },
      { do: [{ try: { get: 'pinned', version: { ref: 'abc', n: 1 } } }] },
      { get: 'src' },
      { put: 'out' },
    ],
    on_failure: { get: 'notes' },
  });
  assert.deepEqual(inputs, [
    { name: 'src', resource: 'src', passed: ['unit'], trigger: true },
    { name: 'img', resource: 'image', version: 'every', trigger: false },
    { name: 'pinned', resource: 'pinned', version: { ref: 'abc', n: '1' }, trigger: false },
    { name: 'notes', resource: 'notes', trigger: false },
  ]);
});
