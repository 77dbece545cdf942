// Build names and reruns, build_log_retention, interruptible jobs on draining workers.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareBuildNamesNewestFirst,
  drainDecision,
  nextBuildName,
  planRerun,
  selectBuildsToReap,
  type RetainableBuild,
} from './index';

describe('build names', () => {
  test('regular builds count up from the job counter', () => {
    assert.deepEqual(nextBuildName(0), { name: '1', number: 1 });
    assert.deepEqual(nextBuildName(41), { name: '42', number: 42 });
  });

  test('reruns of build 5 are 5.1 then 5.2; rerunning 5.1 gives 5.3 of the original', () => {
    const builds = [
      { id: 10, name: '5' },
      { id: 11, name: '6' },
    ];
    const first = planRerun(builds[0]!, builds);
    assert.deepEqual(first, { rerunOf: 10, name: '5.1', rerunNumber: 1 });
    const withFirst = [...builds, { id: 12, name: '5.1', rerunOf: 10 }, { id: 13, name: '5.2', rerunOf: 10 }];
    assert.deepEqual(planRerun(withFirst[2]!, withFirst), { rerunOf: 10, name: '5.3', rerunNumber: 3 });
  });

  test('names sort newest first with reruns above their original', () => {
    assert.deepEqual(['4', '5', '5.1', '6', '5.2'].sort(compareBuildNamesNewestFirst), ['6', '5.2', '5.1', '5', '4']);
  });
});

describe('build_log_retention', () => {
  const DAY = 86_400_000;
  const now = 100 * DAY;
  // Builds 1..n ending one day apart, newest yesterday.
  const history = (statuses: RetainableBuild['status'][]): RetainableBuild[] =>
    statuses.map((status, i) => ({ id: i + 1, status, endTime: now - (statuses.length - i) * DAY }));

  test('builds: 2 keeps the two newest and reaps the rest', () => {
    const d = selectBuildsToReap({ builds: 2 }, history(['succeeded', 'failed', 'succeeded', 'failed']), now);
    assert.deepEqual(d, { reap: [2, 1], firstLoggedBuildId: 3 });
  });

  test('minimum_succeeded_builds keeps an older success in place of a newer failure', () => {
    const d = selectBuildsToReap(
      { builds: 2, minimumSucceededBuilds: 1 },
      history(['succeeded', 'failed', 'failed', 'failed']),
      now,
    );
    assert.deepEqual(d, { reap: [3, 2], firstLoggedBuildId: 1 });
  });

  test('days: 3 keeps what ended in the last three days', () => {
    const d = selectBuildsToReap({ days: 3 }, history(['failed', 'failed', 'succeeded', 'succeeded', 'failed']), now);
    assert.deepEqual(d.reap, [2, 1]);
  });

  test('builds and days together keep what either keeps', () => {
    const d = selectBuildsToReap({ builds: 1, days: 2 }, history(['failed', 'failed', 'failed', 'failed']), now);
    assert.deepEqual(d.reap, [2, 1]);
  });

  test('running builds and already reaped builds are left alone; no policy reaps nothing', () => {
    const builds: RetainableBuild[] = [
      { id: 1, status: 'failed', endTime: 0, reaped: true },
      { id: 2, status: 'started' },
      { id: 3, status: 'failed', endTime: 1 },
      { id: 4, status: 'succeeded', endTime: 2 },
    ];
    assert.deepEqual(selectBuildsToReap({ builds: 1 }, builds, now), { reap: [3], firstLoggedBuildId: 2 });
    assert.deepEqual(selectBuildsToReap({}, builds, now), { reap: [], firstLoggedBuildId: 2 });
  });
});

describe('interruptible', () => {
  test('a draining worker waits for builds of normal jobs and one-off builds, not interruptible ones', () => {
    const d = drainDecision(
      [{ buildId: 1, job: 'long-soak' }, { buildId: 2, job: 'unit' }, { buildId: 3 }],
      (job) => job === 'long-soak',
    );
    assert.deepEqual(d, { waitFor: [2, 3], interruptible: [1], mayStop: false });
    assert.equal(drainDecision([{ buildId: 1, job: 'long-soak' }], () => true).mayStop, true);
  });
});
