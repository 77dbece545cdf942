import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchRoute } from './router';

test('Concourse page paths map to pages', () => {
  assert.deepEqual(matchRoute('/'), { page: 'dashboard' });
  assert.deepEqual(matchRoute('/login'), { page: 'login' });
  assert.deepEqual(matchRoute('/teams/main/pipelines/p%20x', '?group=a&group=b'), { page: 'pipeline', team: 'main', pipeline: 'p x', groups: ['a', 'b'] });
  assert.deepEqual(matchRoute('/teams/main/pipelines/p/jobs/unit'), { page: 'job', team: 'main', pipeline: 'p', job: 'unit' });
  assert.deepEqual(matchRoute('/teams/main/pipelines/p/jobs/unit/builds/3.1'), { page: 'job-build', team: 'main', pipeline: 'p', job: 'unit', build: '3.1' });
  assert.deepEqual(matchRoute('/teams/main/pipelines/p/resources/repo'), { page: 'resource', team: 'main', pipeline: 'p', resource: 'repo' });
  assert.deepEqual(matchRoute('/builds/42'), { page: 'build', id: '42' });
  assert.equal(matchRoute('/teams/main').page, 'not-found');
});
