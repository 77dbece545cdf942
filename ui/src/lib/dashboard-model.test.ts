import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Build, Job, Pipeline } from '../../../src/protocol/api';
import { buildCards, dashboardRows, groupByTeam, parseFilter } from './dashboard-model';

const pipeline = (id: number, name: string, team = 'main', extra: Partial<Pipeline> = {}): Pipeline =>
  ({ id, name, team_name: team, paused: false, public: false, archived: false, ...extra });
const build = (status: Build['status']): Build => ({ id: 1, name: '1', status, team_name: 'main', api_url: '' });
const job = (pipelineId: number, name: string, finished?: Build['status'], next?: Build['status'], paused = false): Job =>
  ({ id: pipelineId * 100 + name.length, name, pipeline_id: pipelineId, pipeline_name: '', team_name: 'main', paused,
    finished_build: finished ? build(finished) : null, next_build: next ? build(next) : null });

const pipelines = [pipeline(1, 'alpha'), pipeline(2, 'beta', 'main', { paused: true }), pipeline(3, 'gamma', 'other'), pipeline(4, 'old', 'main', { archived: true })];
const jobs = [job(1, 'unit', 'succeeded'), job(1, 'build', 'failed'), job(1, 'deploy', 'succeeded', 'started'), job(3, 'x', undefined, undefined, true)];

test('cards carry job statuses; the pipeline shows its worst job, paused wins', () => {
  const cards = buildCards(pipelines, jobs);
  assert.deepEqual(cards[0]!.jobs.map((j) => j.status), ['succeeded', 'failed', 'running']);
  assert.deepEqual(cards.map((c) => c.status), ['failed', 'paused', 'succeeded', 'pending']);
});

test('unchanged cards keep their identity across refreshes', () => {
  const first = buildCards(pipelines, jobs);
  const changedJobs = jobs.map((j) => (j.name === 'build' ? { ...j, finished_build: build('succeeded') } : j));
  const second = buildCards(pipelines, changedJobs, new Map(first.map((c) => [c.key, c])));
  assert.notEqual(second[0], first[0], 'alpha changed');
  assert.equal(second[1], first[1], 'beta did not');
});

test('filter by name words, status and team; groups sorted by team', () => {
  const cards = buildCards(pipelines, jobs);
  assert.deepEqual(groupByTeam(cards, parseFilter('')).map((g) => [g.team, g.cards.map((c) => c.pipeline.name)]), [
    ['main', ['alpha', 'beta', 'old']], ['other', ['gamma']],
  ]);
  assert.deepEqual(groupByTeam(cards, parseFilter('AL')).flatMap((g) => g.cards.map((c) => c.pipeline.name)), ['alpha']);
  assert.deepEqual(groupByTeam(cards, parseFilter('status:paused')).flatMap((g) => g.cards.map((c) => c.pipeline.name)), ['beta', 'gamma']);
  assert.deepEqual(groupByTeam(cards, parseFilter('status:archived')).flatMap((g) => g.cards.map((c) => c.pipeline.name)), ['old']);
  assert.deepEqual(groupByTeam(cards, parseFilter('team:other')).map((g) => g.team), ['other']);
});

test('1,000 pipelines become team headers plus rows of cards', () => {
  const many = Array.from({ length: 1000 }, (_, i) => pipeline(i + 1, `p${i}`, i < 500 ? 'a' : 'b'));
  const rows = dashboardRows(groupByTeam(buildCards(many, []), parseFilter('')), 4);
  assert.equal(rows.length, 2 + 2 * 125);
  assert.deepEqual(rows[0], { type: 'team', team: 'a', count: 500 });
});
