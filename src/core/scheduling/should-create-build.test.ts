// Named examples of the trigger decision, fed by the real version algorithm.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildExample, resolveInputs, type ExampleHistory, type InputConfig } from '../versions';
import { canTriggerManually, shouldCreateBuild, type JobBuildSummary, type TriggerJob } from './index';

function decide(history: ExampleHistory, inputs: InputConfig[], extra: Partial<TriggerJob> = {}, own: JobBuildSummary[] = []) {
  const ex = buildExample(history);
  const job: TriggerJob = { name: 'me', inputs, ...extra };
  const resolved = resolveInputs(ex.snapshot, { name: 'me', inputs });
  return shouldCreateBuild(job, resolved, own);
}

const repo = (extra: Partial<InputConfig> = {}): InputConfig => ({ name: 'repo', resource: 'repo', trigger: true, ...extra });

describe('shouldCreateBuild', () => {
  test('a new version of a trigger: true input creates a build', () => {
    const d = decide({ versions: { repo: ['c1', 'c2'] }, builds: [{ id: 1, job: 'me', in: { repo: 'c1' } }] }, [repo()]);
    assert.deepEqual(d, { create: true, reason: 'new version of trigger input repo', hasNewInputs: true, triggeredBy: ['repo'] });
  });

  test('a version the last build already used creates nothing', () => {
    const d = decide({ versions: { repo: ['c1', 'c2'] }, builds: [{ id: 1, job: 'me', in: { repo: 'c2' } }] }, [repo()]);
    assert.equal(d.create, false);
    assert.equal(d.reason, 'no new versions of trigger inputs');
    assert.equal(d.hasNewInputs, false);
  });

  test('an older build used the version: still not new (no rebuild after a pin is lifted)', () => {
    const builds = [
      { id: 1, job: 'me', in: { repo: 'c2' } },
      { id: 2, job: 'me', in: { repo: 'c1' } },
    ];
    assert.equal(decide({ versions: { repo: ['c1', 'c2'] }, builds }, [repo()]).create, false);
  });

  test('a new version of a non-trigger input marks new inputs but creates nothing', () => {
    const history = {
      versions: { repo: ['c1'], tools: ['t1', 't2'] },
      builds: [{ id: 1, job: 'me', in: { repo: 'c1', tools: 't1' } }],
    };
    const d = decide(history, [repo(), { name: 'tools', resource: 'tools' }]);
    assert.equal(d.create, false);
    assert.equal(d.hasNewInputs, true);
  });

  test('a job with no trigger inputs never builds by itself', () => {
    const d = decide({ versions: { repo: ['c1'] } }, [repo({ trigger: false })]);
    assert.deepEqual([d.create, d.reason], [false, 'no input has trigger: true']);
  });

  test('unresolved inputs: no build, and the reason names the input', () => {
    const d = decide({ versions: { repo: ['c1'] } }, [repo({ passed: ['unit'] })]);
    assert.equal(d.create, false);
    assert.equal(d.reason, 'input repo has no version: no version of resource repo satisfies passed: [unit] — unit has no succeeded build with a version of repo');
  });

  test('a pending scheduler build already exists: no second one', () => {
    const d = decide({ versions: { repo: ['c1'] } }, [repo()], {}, [{ id: 9, name: '4', status: 'pending' }]);
    assert.deepEqual([d.create, d.reason, d.triggeredBy], [false, 'build 4 is already pending', ['repo']]);
  });

  test('a pending manual build does not stop the scheduler from creating its own', () => {
    const d = decide({ versions: { repo: ['c1'] } }, [repo()], {}, [{ id: 9, name: '4', status: 'pending', manuallyTriggered: true }]);
    assert.equal(d.create, true);
  });

  test('paused job and paused pipeline create nothing', () => {
    assert.equal(decide({ versions: { repo: ['c1'] } }, [repo()], { paused: true }).reason, 'job paused');
    const ex = buildExample({ versions: { repo: ['c1'] } });
    const resolved = resolveInputs(ex.snapshot, { name: 'me', inputs: [repo()] });
    assert.equal(shouldCreateBuild({ name: 'me', inputs: [repo()] }, resolved, [], { pipelinePaused: true }).reason, 'pipeline paused');
  });

  test('every: each version in turn is new, so each one gets a build', () => {
    const versions = { repo: ['c1', 'c2', 'c3'] };
    const first = decide({ versions, builds: [{ id: 1, job: 'me', in: { repo: 'c1' } }] }, [repo({ version: 'every' })]);
    assert.equal(first.create, true);
  });
});

describe('canTriggerManually', () => {
  test('allowed by default, refused with disable_manual_trigger', () => {
    assert.deepEqual(canTriggerManually({ name: 'deploy', inputs: [] }), { allowed: true });
    assert.deepEqual(canTriggerManually({ name: 'deploy', inputs: [], disableManualTrigger: true }), {
      allowed: false,
      reason: 'manual triggering is disabled for job deploy',
    });
  });
});
