import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Build, Job, Pipeline } from '../../../src/protocol/api';
import { DashboardState } from './dashboard-state';

const pipeline = (id: number, name: string, team = 'main'): Pipeline => ({ id, name, team_name: team, paused: false, public: false, archived: false });
const build = (status: Build['status']): Build => ({ id: 1, name: '1', status, team_name: 'main', api_url: '' });
const job = (pipelineId: number, name: string, finished: Build['status']): Job =>
  ({ id: pipelineId * 100 + name.length, name, pipeline_id: pipelineId, pipeline_name: '', team_name: 'main', finished_build: build(finished), next_build: null });

const snapshot = JSON.stringify({
  pipelines: [pipeline(1, 'alpha'), pipeline(2, 'beta')],
  jobs: [job(1, 'unit', 'succeeded'), job(2, 'unit', 'succeeded'), job(2, 'deploy', 'succeeded')],
});

test('a change replaces one pipeline’s card; the others keep their identity', () => {
  const s = new DashboardState();
  assert.equal(s.apply('snapshot', snapshot), true);
  const before = s.cards();
  assert.deepEqual(before.map((c) => c.status), ['succeeded', 'succeeded']);
  assert.equal(s.apply('changes', JSON.stringify([{ id: 2, pipeline: pipeline(2, 'beta'), jobs: [job(2, 'unit', 'succeeded'), job(2, 'deploy', 'failed')] }])), false);
  const after = s.cards();
  assert.equal(after[0], before[0], 'alpha untouched');
  assert.deepEqual(after[1]!.jobs.map((j) => `${j.name}:${j.status}`), ['unit:succeeded', 'deploy:failed']);
});

test('a change adds a new pipeline and removes a gone one; a new snapshot replaces everything', () => {
  const s = new DashboardState();
  s.apply('snapshot', snapshot);
  s.apply('changes', JSON.stringify([{ id: 3, pipeline: pipeline(3, 'gamma', 'other'), jobs: [] }, { id: 1, pipeline: null, jobs: [] }]));
  assert.deepEqual(s.cards().map((c) => c.pipeline.name), ['beta', 'gamma']);
  s.apply('snapshot', JSON.stringify({ pipelines: [pipeline(9, 'only')], jobs: [] }));
  assert.deepEqual(s.cards().map((c) => c.pipeline.name), ['only']);
});
