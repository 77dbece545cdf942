import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEnv } from './build-env';

test('a job build gets every metadata variable and its page as BUILD_URL', () => {
  assert.deepEqual(buildEnv({
    buildId: 12, buildName: '4', teamId: 1, teamName: 'main', jobId: 3, jobName: 'unit', pipelineId: 2, pipelineName: 'ci',
    pipelineInstanceVars: { branch: 'feature/x' }, createdBy: 'alice', externalUrl: 'http://ci',
  }), {
    BUILD_ID: '12', BUILD_NAME: '4', BUILD_TEAM_ID: '1', BUILD_TEAM_NAME: 'main', BUILD_JOB_ID: '3', BUILD_JOB_NAME: 'unit',
    BUILD_PIPELINE_ID: '2', BUILD_PIPELINE_NAME: 'ci', BUILD_PIPELINE_INSTANCE_VARS: '{"branch":"feature/x"}',
    ATC_EXTERNAL_URL: 'http://ci', BUILD_CREATED_BY: 'alice',
    BUILD_URL: 'http://ci/teams/main/pipelines/ci/jobs/unit/builds/4?vars.branch=%22feature%2Fx%22',
    BUILD_URL_SHORT: 'http://ci/builds/12',
  });
});

test('a one-off build links to /builds/ID; a check sets only what it knows', () => {
  assert.equal(buildEnv({ buildId: 7, teamName: 'main', externalUrl: 'http://ci' }).BUILD_URL, 'http://ci/builds/7');
  assert.deepEqual(buildEnv({ teamName: 'main', pipelineName: 'ci', externalUrl: 'http://ci' }),
    { BUILD_TEAM_NAME: 'main', BUILD_PIPELINE_NAME: 'ci', ATC_EXTERNAL_URL: 'http://ci' });
});
