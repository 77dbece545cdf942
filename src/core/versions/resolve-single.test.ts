// Named examples for inputs without `passed:` — latest, every, pins, disabled
// versions, first occurrence — in the style of Concourse's algorithm tests: a small
// version history, a job's inputs, the versions chosen or the reasons given.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildExample, resolveInputs, type ExampleHistory, type InputConfig } from './index';

function run(history: ExampleHistory, inputs: InputConfig[], job = 'me') {
  const ex = buildExample(history);
  const result = resolveInputs(ex.snapshot, { name: job, inputs });
  const values = Object.fromEntries(Object.entries(result.inputs).map(([k, r]) => [k, ex.labels.get(r.versionId)]));
  return { result, values };
}

const x = (extra: Partial<InputConfig> = {}): InputConfig => ({ name: 'x', resource: 'x', ...extra });

describe('latest', () => {
  test('single input takes the newest version in check order', () => {
    const { result, values } = run({ versions: { x: ['v1', 'v2', 'v3'] } }, [x()]);
    assert.equal(result.ok, true);
    assert.deepEqual(values, { x: 'v3' });
    assert.deepEqual(result.inputs.x!.version, { ref: 'v3' });
  });

  test('check order, not version id, decides which version is newest', () => {
    const snapshot = {
      resources: [{ name: 'x', versions: [{ id: 1, version: { ref: 'b' }, checkOrder: 2 }, { id: 2, version: { ref: 'a' }, checkOrder: 1 }] }],
      builds: [],
    };
    const result = resolveInputs(snapshot, { name: 'me', inputs: [x()] });
    assert.equal(result.inputs.x!.versionId, 1);
  });

  test('a disabled newest version is skipped for the newest enabled one', () => {
    const { values } = run({ versions: { x: ['v1', 'v2', 'v3'] }, disabled: { x: ['v3'] } }, [x()]);
    assert.deepEqual(values, { x: 'v2' });
  });

  test('no versions: Concourse reason and a plain explanation', () => {
    const { result } = run({}, [x()]);
    assert.equal(result.ok, false);
    assert.deepEqual(result.missing.x, {
      name: 'x',
      resource: 'x',
      reason: 'latest version of resource not found',
      explanation: 'no versions of resource x',
    });
  });

  test('all versions disabled: says how many are disabled', () => {
    const { result } = run({ versions: { x: ['v1', 'v2'] }, disabled: { x: ['v1', 'v2'] } }, [x()]);
    assert.equal(result.missing.x!.explanation, 'no enabled versions of resource x (all 2 are disabled)');
  });

  test('one input without versions does not stop the others from resolving', () => {
    const { result, values } = run({ versions: { y: ['w1'] } }, [x(), { name: 'y', resource: 'y' }]);
    assert.equal(result.ok, false);
    assert.deepEqual(values, { y: 'w1' });
    assert.deepEqual(Object.keys(result.missing), ['x']);
  });
});

describe('every', () => {
  const every = x({ version: 'every' });

  test('a job that never used the resource starts at the latest version', () => {
    const { values, result } = run({ versions: { x: ['v1', 'v2', 'v3'] } }, [every]);
    assert.deepEqual(values, { x: 'v3' });
    assert.equal(result.hasNextEvery, false);
  });

  test('resumes with the version right after the newest one used, and says more are waiting', () => {
    const { values, result } = run(
      { versions: { x: ['v1', 'v2', 'v3', 'v4'] }, builds: [{ id: 1, job: 'me', in: { x: 'v1' } }] },
      [every],
    );
    assert.deepEqual(values, { x: 'v2' });
    assert.equal(result.hasNextEvery, true);
  });

  test('takes each version in order: no skipping to the latest', () => {
    const builds = [
      { id: 1, job: 'me', in: { x: 'v1' } },
      { id: 2, job: 'me', in: { x: 'v2' } },
    ];
    const { values, result } = run({ versions: { x: ['v1', 'v2', 'v3', 'v4'] }, builds }, [every]);
    assert.deepEqual(values, { x: 'v3' });
    assert.equal(result.hasNextEvery, true);
  });

  test('skips disabled versions between the last used one and the next', () => {
    const { values } = run(
      { versions: { x: ['v1', 'v2', 'v3'] }, disabled: { x: ['v2'] }, builds: [{ id: 1, job: 'me', in: { x: 'v1' } }] },
      [every],
    );
    assert.deepEqual(values, { x: 'v3' });
  });

  test('a failed build still counts as having used its version (no retry loop)', () => {
    const builds = [{ id: 1, job: 'me', status: 'failed' as const, in: { x: 'v2' } }];
    const { values } = run({ versions: { x: ['v1', 'v2', 'v3'] }, builds }, [every]);
    assert.deepEqual(values, { x: 'v3' });
  });

  test('when the newest used version is the latest, it stays there and is not a first occurrence', () => {
    const builds = [{ id: 1, job: 'me', in: { x: 'v2' } }];
    const { values, result } = run({ versions: { x: ['v1', 'v2'] }, builds }, [every]);
    assert.deepEqual(values, { x: 'v2' });
    assert.equal(result.inputs.x!.firstOccurrence, false);
    assert.equal(result.hasNextEvery, false);
  });

  test('falls back to the newest enabled older version when the used one and later ones are disabled', () => {
    const history = {
      versions: { x: ['v1', 'v2', 'v3', 'v4'] },
      disabled: { x: ['v3', 'v4'] },
      builds: [{ id: 1, job: 'me', in: { x: 'v3' } }],
    };
    assert.deepEqual(run(history, [every]).values, { x: 'v2' });
  });

  test('continues from the highest check order used, even if an older version ran last', () => {
    const builds = [
      { id: 1, job: 'me', in: { x: 'v3' } },
      { id: 2, job: 'me', in: { x: 'v1' } },
    ];
    assert.deepEqual(run({ versions: { x: ['v1', 'v2', 'v3', 'v4'] }, builds }, [every]).values, { x: 'v4' });
  });

  test("another job's use of the resource does not move this job's every cursor", () => {
    const builds = [
      { id: 1, job: 'me', in: { x: 'v1' } },
      { id: 2, job: 'other', in: { x: 'v3' } },
    ];
    assert.deepEqual(run({ versions: { x: ['v1', 'v2', 'v3'] }, builds }, [every]).values, { x: 'v2' });
  });

  test('no versions: Concourse reason for every', () => {
    assert.equal(run({}, [every]).result.missing.x!.reason, 'version of resource not found');
  });
});

describe('pinned', () => {
  test('a get step pinned with version: {ref: v2} takes v2 although v3 is newer', () => {
    const { values } = run({ versions: { x: ['v1', 'v2', 'v3'] } }, [x({ version: { ref: 'v2' } })]);
    assert.deepEqual(values, { x: 'v2' });
  });

  test('a resource pin (config or API) applies to every input of the resource', () => {
    const { values } = run({ versions: { x: ['v1', 'v2', 'v3'] }, pins: { x: 'v1' } }, [x(), { name: 'x2', resource: 'x', version: 'every' }]);
    assert.deepEqual(values, { x: 'v1', x2: 'v1' });
  });

  test("the step's own pinned version wins over the resource pin", () => {
    const { values } = run({ versions: { x: ['v1', 'v2', 'v3'] }, pins: { x: 'v1' } }, [x({ version: { ref: 'v3' } })]);
    assert.deepEqual(values, { x: 'v3' });
  });

  test('a pin matches any version containing the pinned fields', () => {
    const snapshot = {
      resources: [
        {
          name: 'x',
          versions: [
            { id: 7, version: { ref: 'abc', branch: 'main' }, checkOrder: 1 },
            { id: 8, version: { ref: 'def', branch: 'main' }, checkOrder: 2 },
          ],
        },
      ],
      builds: [],
    };
    const result = resolveInputs(snapshot, { name: 'me', inputs: [x({ version: { ref: 'abc' } })] });
    assert.equal(result.inputs.x!.versionId, 7);
  });

  test('pinned version not found: Concourse text `pinned version ref:v9 not found`', () => {
    const { result } = run({ versions: { x: ['v1'] } }, [x({ version: { ref: 'v9' } })]);
    assert.equal(result.missing.x!.reason, 'pinned version ref:v9 not found');
    assert.equal(result.missing.x!.explanation, 'pinned version v9 not found among the versions of resource x');
  });

  test('a disabled pinned version is never used, and the explanation says it is disabled', () => {
    const { result } = run({ versions: { x: ['v1', 'v2'] }, disabled: { x: ['v1'] }, pins: { x: 'v1' } }, [x()]);
    assert.equal(result.ok, false);
    assert.equal(result.missing.x!.explanation, 'pinned version v1 of resource x is disabled');
  });
});

describe('first occurrence', () => {
  test('true for a version no build of this job used, false once one did', () => {
    const history = { versions: { x: ['v1', 'v2'] }, builds: [{ id: 1, job: 'me', in: { x: 'v2' } }] };
    assert.equal(run(history, [x()]).result.inputs.x!.firstOccurrence, false);
    const newer = { versions: { x: ['v1', 'v2', 'v3'] }, builds: history.builds };
    assert.equal(run(newer, [x()]).result.inputs.x!.firstOccurrence, true);
  });

  test('use by another job, or under another input name, does not count', () => {
    const history = {
      versions: { x: ['v1'] },
      builds: [{ id: 1, job: 'other', in: { x: 'v1' } }],
    };
    assert.equal(run(history, [x()]).result.inputs.x!.firstOccurrence, true);
    assert.equal(run(history, [x()], 'other').result.inputs.x!.firstOccurrence, false);
    assert.equal(run(history, [{ name: 'renamed', resource: 'x' }], 'other').result.inputs.renamed!.firstOccurrence, true);
  });
});
