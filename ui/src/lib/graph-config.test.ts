import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPipelineGraph } from '../../../src/core/graph';
import type { Job, Resource } from '../../../src/protocol/api';
import { configFromJobs } from './graph-config';

test('the graph from the job list equals the graph from the config', () => {
  const config = {
    resources: [{ name: 'repo', type: 'git' }, { name: 'image', type: 'registry-image' }],
    jobs: [
      { name: 'unit', plan: [{ get: 'repo', trigger: true }, { task: 't' }] },
      { name: 'build', plan: [{ in_parallel: [{ get: 'repo', passed: ['unit'], trigger: true }] }, { put: 'image' }] },
      { name: 'deploy', plan: [{ get: 'img', resource: 'image', passed: ['build'] }] },
    ],
  };
  const job = (name: string, inputs: Job['inputs'], outputs: Job['outputs'] = []): Job =>
    ({ id: 1, name, team_name: 'main', pipeline_id: 1, pipeline_name: 'p', next_build: null, finished_build: null, inputs, outputs });
  const jobs = [
    job('unit', [{ name: 'repo', resource: 'repo', trigger: true }]),
    job('build', [{ name: 'repo', resource: 'repo', trigger: true, passed: ['unit'] }], [{ name: 'image', resource: 'image' }]),
    job('deploy', [{ name: 'img', resource: 'image', trigger: false, passed: ['build'] }]),
  ];
  const resources = [{ name: 'repo', type: 'git' }, { name: 'image', type: 'registry-image' }] as Resource[];
  assert.deepEqual(buildPipelineGraph(configFromJobs({}, jobs, resources)), buildPipelineGraph(config));
});
