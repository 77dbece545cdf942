import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchNames } from './glob';

const jobs = ['unit', 'deploy-a', 'deploy-b', 'deploy.x', 'promote'];

test('plain names match only themselves, even with regex characters', () => {
  assert.deepEqual(matchNames('deploy.x', jobs), ['deploy.x']);
  assert.deepEqual(matchNames('deploy', jobs), []);
});

test('passed: globs match like path.Match', () => {
  assert.deepEqual(matchNames('deploy-*', jobs), ['deploy-a', 'deploy-b']);
  assert.deepEqual(matchNames('deploy-[ab]', jobs), ['deploy-a', 'deploy-b']);
  assert.deepEqual(matchNames('?nit', jobs), ['unit']);
  assert.deepEqual(matchNames('{unit,promote}', jobs), []);
});

test('group globs also take {a,b} alternatives', () => {
  assert.deepEqual(matchNames('{unit,promote}', jobs, true), ['unit', 'promote']);
  assert.deepEqual(matchNames('deploy-{a,c}', jobs, true), ['deploy-a']);
});
