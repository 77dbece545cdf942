import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instanceVarsFromQuery } from './instance-vars';
import { linkHeader, pageFromQuery } from './pagination';
import { jobInputs, jobOutputs } from './job-plan';
import { identifierWarning } from './identifiers';
import type { JsonObject } from '../ports/store-rows';

test('instance vars come from vars={...} and vars.k=<json>, dotted keys nest', () => {
  const q = new URLSearchParams('vars=%7B%22a%22%3A1%7D&vars.b.c=%22x%22&other=1');
  assert.deepEqual(instanceVarsFromQuery(q), { a: 1, b: { c: 'x' } });
  assert.equal(instanceVarsFromQuery(new URLSearchParams('limit=2')), undefined);
  assert.throws(() => instanceVarsFromQuery(new URLSearchParams('vars.b=notjson')), { status: 400 });
});

test('pages read limit/since/until and the newer from/to names', () => {
  assert.deepEqual(pageFromQuery(new URLSearchParams('')), { limit: 100 });
  assert.deepEqual(pageFromQuery(new URLSearchParams('limit=5&since=40')), { limit: 5, since: 40 });
  assert.deepEqual(pageFromQuery(new URLSearchParams('to=40&from=10')), { limit: 100, since: 41, until: 9 });
  assert.throws(() => pageFromQuery(new URLSearchParams('limit=-1')), { status: 400 });
  const link = linkHeader('http://h', '/api/v1/builds', { older: { since: 3, limit: 2 }, newer: { until: 6, limit: 2 } });
  assert.equal(link, '<http://h/api/v1/builds?since=3&limit=2>; rel="next", <http://h/api/v1/builds?until=6&limit=2>; rel="previous"');
});

test('job inputs and outputs come from gets and puts anywhere in the plan and hooks', () => {
  const job: JsonObject = {
    name: 'j',
    plan: [
      { in_parallel: [{ get: 'src', trigger: true, passed: ['a'] }, { get: 'img', resource: 'image' }] },
      { do: [{ put: 'out' }] },
    ],
    on_failure: { put: 'alert', resource: 'slack' },
  };
  assert.deepEqual(jobInputs(job), [
    { name: 'src', resource: 'src', trigger: true, passed: ['a'] },
    { name: 'img', resource: 'image', trigger: false },
  ]);
  assert.deepEqual(jobOutputs(job), [{ name: 'out', resource: 'out' }, { name: 'alert', resource: 'slack' }]);
});

test('pipeline names follow Concourse identifier warnings', () => {
  assert.equal(identifierWarning('my-pipeline', 'pipeline'), null);
  assert.equal(identifierWarning('My_Pipeline', 'pipeline')?.message, "pipeline: 'My_Pipeline' is not a valid identifier: must start with a lowercase letter or a number");
  assert.equal(identifierWarning('a b', 'pipeline')?.message, "pipeline: 'a b' is not a valid identifier: illegal character ' '");
});
