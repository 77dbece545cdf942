// Named examples for `passed:` constraints: fan-in, fan-out, diamonds, the rule that
// inputs sharing an upstream job come from one build of it, pins and disabled
// versions together with passed, and the explanations when nothing fits.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildExample, resolveInputs, type ExampleHistory, type InputConfig } from './index';

function run(history: ExampleHistory, inputs: InputConfig[], job = 'me') {
  const ex = buildExample(history);
  const result = resolveInputs(ex.snapshot, { name: job, inputs });
  const values = Object.fromEntries(Object.entries(result.inputs).map(([k, r]) => [k, ex.labels.get(r.versionId)]));
  const why = Object.fromEntries(Object.entries(result.missing).map(([k, m]) => [k, m.explanation]));
  return { result, values, why };
}

const get = (name: string, passed: string[], extra: Partial<InputConfig> = {}): InputConfig => ({ name, resource: name, passed, ...extra });

describe('passed: one upstream job', () => {
  test('takes the version of the newest succeeded upstream build, not the newest version', () => {
    const history = {
      versions: { x: ['v1', 'v2', 'v3'] },
      builds: [
        { id: 1, job: 'a', in: { x: 'v1' } },
        { id: 2, job: 'a', in: { x: 'v2' } },
      ],
    };
    const { values, result } = run(history, [get('x', ['a'])]);
    assert.deepEqual(values, { x: 'v2' });
    assert.deepEqual(result.inputs.x!.passedBuildIds, [2]);
  });

  test('failed, errored and running upstream builds do not count', () => {
    const history = {
      builds: [
        { id: 1, job: 'a', in: { x: 'v1' } },
        { id: 2, job: 'a', status: 'failed' as const, in: { x: 'v2' } },
        { id: 3, job: 'a', status: 'errored' as const, in: { x: 'v3' } },
        { id: 4, job: 'a', status: 'started' as const, in: { x: 'v4' } },
      ],
    };
    assert.deepEqual(run(history, [get('x', ['a'])]).values, { x: 'v1' });
  });

  test("an upstream build's output (a put) passes just like its input", () => {
    const history = { builds: [{ id: 1, job: 'a', in: { x: 'v1' }, out: { x: 'v2' } }] };
    assert.deepEqual(run(history, [get('x', ['a'])]).values, { x: 'v2' });
  });

  test('a disabled version that passed upstream is skipped for an older one', () => {
    const history = {
      disabled: { x: ['v2'] },
      builds: [
        { id: 1, job: 'a', in: { x: 'v1' } },
        { id: 2, job: 'a', in: { x: 'v2' } },
      ],
    };
    assert.deepEqual(run(history, [get('x', ['a'])]).values, { x: 'v1' });
  });

  test('a rerun of an old build does not make its version the newest that passed', () => {
    const history = {
      builds: [
        { id: 1, job: 'a', in: { x: 'v1' } },
        { id: 2, job: 'a', in: { x: 'v2' } },
        { id: 3, job: 'a', rerunOf: 1, in: { x: 'v1' } },
      ],
    };
    assert.deepEqual(run(history, [get('x', ['a'])]).values, { x: 'v2' });
  });

  test('fan-out: two jobs downstream of the same job get the same candidate', () => {
    const history = { builds: [{ id: 1, job: 'build', in: { x: 'v1' } }, { id: 2, job: 'build', in: { x: 'v2' } }] };
    assert.deepEqual(run(history, [get('x', ['build'])], 'deploy-a').values, { x: 'v2' });
    assert.deepEqual(run(history, [get('x', ['build'])], 'deploy-b').values, { x: 'v2' });
  });

  test('the upstream job never succeeded: says so', () => {
    const history = { versions: { x: ['v1'] }, builds: [{ id: 1, job: 'a', status: 'failed' as const, in: { x: 'v1' } }] };
    const { result, why } = run(history, [get('x', ['a'])]);
    assert.equal(result.missing.x!.reason, 'no satisfiable builds from passed jobs found for set of inputs');
    assert.equal(why.x, 'no version of resource x satisfies passed: [a] — a has no succeeded build with a version of x');
  });

  test('no versions of the resource at all', () => {
    assert.equal(run({}, [get('x', ['a'])]).why.x, 'no versions of resource x');
  });
});

describe('passed: several jobs on one input (fan-in)', () => {
  test('takes a version that passed every listed job', () => {
    const history = {
      builds: [
        { id: 1, job: 'a', in: { x: 'v1' } },
        { id: 2, job: 'b', in: { x: 'v1' } },
        { id: 3, job: 'a', in: { x: 'v2' } },
      ],
    };
    assert.deepEqual(run(history, [get('x', ['a', 'b'])]).values, { x: 'v1' });
  });

  test('no common version: names the latest each job passed', () => {
    const history = {
      builds: [
        { id: 1, job: 'a', in: { x: 'v3' } },
        { id: 2, job: 'b', in: { x: 'v2' } },
      ],
    };
    const { result, why } = run(history, [get('x', ['a', 'b'])]);
    assert.equal(result.ok, false);
    assert.equal(why.x, 'no version of resource x satisfies passed: [a, b] — latest passed a: v3, latest passed b: v2');
  });

  test('one listed job has no builds yet', () => {
    const history = { builds: [{ id: 1, job: 'a', in: { x: 'v1' } }] };
    const { why } = run(history, [get('x', ['a', 'b'])]);
    assert.equal(why.x, 'no version of resource x satisfies passed: [a, b] — latest passed a: v1, b has no succeeded build with a version of x');
  });

  test('diamond a → b, a → c, d: d runs only with a version that passed both b and c', () => {
    const history = {
      builds: [
        { id: 1, job: 'a', in: { x: ['v1'] } },
        { id: 2, job: 'a', in: { x: ['v2'] } },
        { id: 3, job: 'a', in: { x: ['v3'] } },
        { id: 4, job: 'b', in: { x: 'v1' } },
        { id: 5, job: 'c', in: { x: 'v1' } },
        { id: 6, job: 'b', in: { x: 'v2' } },
        { id: 7, job: 'b', in: { x: 'v3' } },
        { id: 8, job: 'c', in: { x: 'v2' } },
      ],
    };
    const { values, result } = run(history, [get('x', ['b', 'c'])], 'd');
    assert.deepEqual(values, { x: 'v2' });
    assert.deepEqual(result.inputs.x!.passedBuildIds, [6, 8]);
  });
});

describe('passed: inputs sharing an upstream job come from one build of it', () => {
  test('two resources passed the same job: taken together from its newest build', () => {
    const history = {
      versions: { x: ['x1', 'x2'], y: ['y1', 'y2'] },
      builds: [
        { id: 1, job: 'a', in: { x: 'x1', y: 'y2' } },
        { id: 2, job: 'a', in: { x: 'x2', y: 'y1' } },
      ],
    };
    const { values, result } = run(history, [get('x', ['a']), get('y', ['a'])]);
    assert.deepEqual(values, { x: 'x2', y: 'y1' });
    assert.deepEqual(result.inputs.y!.passedBuildIds, [2]);
  });

  test('backtracks to an older build of the shared job when the newer one fails another constraint', () => {
    // x must also have passed fan-in; a's newest build has an x that did not.
    const history = {
      builds: [
        { id: 1, job: 'a', in: { x: 'x1', y: 'y1' } },
        { id: 3, job: 'fan-in', in: { x: 'x1' } },
        { id: 4, job: 'a', in: { x: 'x2', y: 'y2' } },
      ],
    };
    const { values, result } = run(history, [get('x', ['a', 'fan-in']), get('y', ['a'])]);
    assert.deepEqual(values, { x: 'x1', y: 'y1' });
    assert.deepEqual(result.inputs.x!.passedBuildIds, [1, 3]);
  });

  test('diamond with two resources: d gets versions that went through b and c in the same builds', () => {
    const history = {
      builds: [
        { id: 1, job: 'b', in: { x: 'x2', y: 'y2' } },
        { id: 2, job: 'c', in: { x: 'x2', y: 'y2' } },
        { id: 3, job: 'b', in: { x: 'x3', y: 'y3' } },
        { id: 4, job: 'c', in: { x: 'x3', y: 'y2' } },
      ],
    };
    const { values, result } = run(history, [get('x', ['b', 'c']), get('y', ['b', 'c'])], 'd');
    assert.deepEqual(values, { x: 'x2', y: 'y2' });
    assert.deepEqual(result.inputs.x!.passedBuildIds, [1, 2]);
    assert.deepEqual(result.inputs.y!.passedBuildIds, [1, 2]);
  });

  test('Concourse: finds only versions that passed through together', () => {
    const history = {
      builds: [
        { id: 1, job: 'a', in: { x: 'x1', y: 'y1' } },
        { id: 2, job: 'b', in: { x: 'x1', y: 'y1' } },
        { id: 3, job: 'a', in: { x: 'x3', y: 'y3' } },
        { id: 4, job: 'b', in: { x: 'x3', y: 'y3' } },
        { id: 5, job: 'a', in: { x: 'x2', y: 'y4' } },
        { id: 6, job: 'b', in: { x: 'x4', y: 'y4' } },
        { id: 7, job: 'b', in: { x: 'x4', y: 'y2' } },
      ],
    };
    const { values, result } = run(history, [get('x', ['a', 'b']), get('y', ['a', 'b'])]);
    assert.deepEqual(values, { x: 'x3', y: 'y3' });
    assert.deepEqual(result.inputs.x!.passedBuildIds, [3, 4]);
  });

  test('inputs with different upstream jobs are not correlated', () => {
    const history = {
      builds: [
        { id: 1, job: 'a', in: { x: 'v1' } },
        { id: 2, job: 'b', in: { x: 'v1' } },
        { id: 3, job: 'b', in: { x: 'v2' } },
      ],
    };
    const { values } = run(history, [
      { name: 'from-a', resource: 'x', passed: ['a'] },
      { name: 'from-b', resource: 'x', passed: ['b'] },
    ]);
    assert.deepEqual(values, { 'from-a': 'v1', 'from-b': 'v2' });
  });

  test('inputs chained through different shared jobs resolve as one group', () => {
    // x shares a with y, y shares b with z: y's version must fit both builds.
    const history = {
      builds: [
        { id: 1, job: 'a', in: { x: 'x1', y: 'y1' } },
        { id: 2, job: 'b', in: { y: 'y1', z: 'z1' } },
        { id: 3, job: 'a', in: { x: 'x2', y: 'y2' } },
        { id: 4, job: 'b', in: { y: 'y3', z: 'z2' } },
      ],
    };
    const { values } = run(history, [get('x', ['a']), get('y', ['a', 'b']), get('z', ['b'])]);
    assert.deepEqual(values, { x: 'x1', y: 'y1', z: 'z1' });
  });

  test('no common build: each input explains the consistency rule', () => {
    const history = {
      builds: [
        { id: 1, job: 'shared', in: { r1: 'old1', r2: 'old2' } },
        { id: 3, job: 'j2', in: { r2: 'old2' } },
        { id: 4, job: 'shared', in: { r1: 'new1', r2: 'new2' } },
        { id: 5, job: 'j1', in: { r1: 'new1' } },
      ],
    };
    const { result, why } = run(history, [get('r1', ['shared', 'j1']), get('r2', ['shared', 'j2'])]);
    assert.equal(result.ok, false);
    assert.equal(result.missing.r1!.reason, 'no satisfiable builds from passed jobs found for set of inputs');
    assert.equal(
      why.r1,
      'versions of resource r1 passed [shared, j1] (newest new1), but no single build of shared has them together ' +
        'with usable versions of r2; inputs that share a passed job must come from the same build of it',
    );
    assert.match(why.r2!, /^versions of resource r2 passed \[shared, j2\] \(newest old2\)/);
  });

  test('an input blocked by its partner says which partner and why', () => {
    const history = { builds: [{ id: 1, job: 'a', in: { x: 'x1', y: 'y1' } }] };
    const { why } = run(history, [get('x', ['a']), get('y', ['a', 'b'])]);
    assert.equal(why.y, 'no version of resource y satisfies passed: [a, b] — latest passed a: y1, b has no succeeded build with a version of y');
    assert.equal(why.x, `input y shares passed job a with it and cannot resolve: ${why.y}`);
  });
});

describe('passed: with pins', () => {
  const builds = [1, 2, 3, 4].map((n) => ({ id: n, job: 'a', in: { x: `v${n}` } }));

  test('pinned with passed takes the pinned version when it passed', () => {
    assert.deepEqual(run({ builds }, [get('x', ['a'], { version: { ref: 'v2' } })]).values, { x: 'v2' });
  });

  test('a resource pin applies to inputs with passed as well', () => {
    assert.deepEqual(run({ builds, pins: { x: 'v3' } }, [get('x', ['a'])]).values, { x: 'v3' });
  });

  test('pinned version that has not passed the job: explained', () => {
    const { why } = run({ versions: { x: ['v1', 'v2'] }, builds: [builds[0]!] }, [get('x', ['a'], { version: { ref: 'v2' } })]);
    assert.equal(why.x, 'pinned version v2 of resource x does not satisfy passed: [a] — a has no succeeded build with v2');
  });

  test('two pinned inputs with passed use the one build that has both pins', () => {
    const history = {
      builds: [
        { id: 1, job: 's', in: { x: 'x1', y: 'y1' } },
        { id: 2, job: 's', in: { x: 'x1', y: 'y2' } },
        { id: 3, job: 's', in: { x: 'x3', y: 'y1' } },
        { id: 4, job: 's', in: { x: 'x3', y: 'y2' } },
      ],
    };
    const { values, result } = run(history, [get('x', ['s'], { version: { ref: 'x3' } }), get('y', ['s'], { version: { ref: 'y1' } })]);
    assert.deepEqual(values, { x: 'x3', y: 'y1' });
    assert.deepEqual(result.inputs.x!.passedBuildIds, [3]);
  });

  test('a missing pin stops its group, and the partner input names it', () => {
    const history = { builds: [{ id: 1, job: 'a', in: { x: 'x1', y: 'y1' } }] };
    const { result } = run(history, [get('x', ['a'], { version: { ref: 'nope' } }), get('y', ['a'])]);
    assert.equal(result.missing.x!.reason, 'pinned version ref:nope not found');
    assert.equal(result.missing.y!.reason, 'pinned version ref:nope not found');
    assert.match(result.missing.y!.explanation, /^input x shares a passed job with it and cannot resolve: pinned version nope not found/);
  });
});

describe('passed: with every', () => {
  const upstream = [1, 2, 3, 4].map((n) => ({ id: n, job: 'a', in: { x: `v${n}` } }));

  test('a job that never ran starts from the latest version that passed', () => {
    const { values, result } = run({ builds: upstream }, [get('x', ['a'], { version: 'every' })]);
    assert.deepEqual(values, { x: 'v4' });
    assert.equal(result.hasNextEvery, false);
  });

  test('continues with the upstream build right after the one it used last, oldest first', () => {
    const history = { builds: [...upstream, { id: 10, job: 'me', in: { x: 'v1' }, pipes: [1] }] };
    const { values, result } = run(history, [get('x', ['a'], { version: 'every' })]);
    assert.deepEqual(values, { x: 'v2' });
    assert.deepEqual(result.inputs.x!.passedBuildIds, [2]);
    assert.equal(result.hasNextEvery, true);
  });

  test('the last unused upstream build is taken with no more waiting', () => {
    const history = { builds: [...upstream, { id: 10, job: 'me', in: { x: 'v3' }, pipes: [3] }] };
    const { values, result } = run(history, [get('x', ['a'], { version: 'every' })]);
    assert.deepEqual(values, { x: 'v4' });
    assert.equal(result.hasNextEvery, false);
  });

  test('with nothing newer upstream it stays on the version it used (no new build)', () => {
    const history = { builds: [...upstream, { id: 10, job: 'me', in: { x: 'v4' }, pipes: [4] }] };
    const { values, result } = run(history, [get('x', ['a'], { version: 'every' })]);
    assert.deepEqual(values, { x: 'v4' });
    assert.equal(result.inputs.x!.firstOccurrence, false);
  });

  test('with two upstream jobs it takes the next version both passed', () => {
    const history = {
      builds: [
        { id: 2, job: 'a', in: { x: 'v1' } },
        { id: 3, job: 'a', in: { x: 'v2' } },
        { id: 4, job: 'a', in: { x: 'v3' } },
        { id: 5, job: 'b', in: { x: 'v1' } },
        { id: 6, job: 'b', in: { x: 'v3' } },
        { id: 10, job: 'me', in: { x: 'v1' }, pipes: [2, 5] },
      ],
    };
    assert.deepEqual(run(history, [get('x', ['a', 'b'], { version: 'every' })]).values, { x: 'v3' });
  });
});

describe('passed: a realistic mix', () => {
  test("Concourse's mixed job: a hopeless group fails as a whole, unrelated inputs still resolve", () => {
    const history: ExampleHistory = {
      versions: {
        x: ['x1', 'x2', 'x3', 'x4'],
        y: ['y1', 'y2', 'y3', 'y4'],
        a: ['a1', 'a2', 'a3'],
        b: ['b1', 'b2', 'b3'],
        c: ['c1', 'c2', 'c3', 'c4'],
        d: ['d1', 'd2', 'd3', 'd4'],
      },
      disabled: { y: ['y2'], b: ['b3'], c: ['c3'], d: ['d3'] },
      builds: [
        { id: 1, job: 'simple-a', out: { x: 'x1' } },
        { id: 2, job: 'simple-a', out: { x: 'x2' } },
        { id: 3, job: 'simple-a', out: { x: 'x3' } },
        { id: 4, job: 'simple-a', out: { x: 'x4' } },
        { id: 6, job: 'simple-b', out: { y: 'y2', d: 'd1' } },
        { id: 7, job: 'simple-b', out: { y: 'y3', d: 'd2' } },
        { id: 8, job: 'simple-b', out: { y: 'y4', d: 'd4' } },
        { id: 9, job: 'shared', out: { x: 'x1', y: 'y1', d: 'd1' } },
        { id: 10, job: 'shared', out: { x: 'x3', y: 'y2' } },
        { id: 11, job: 'shared', out: { x: 'x3', y: 'y2' } },
        { id: 12, job: 'shared', out: { x: 'x3', y: 'y2' } },
        { id: 13, job: 'simple-1', out: { a: 'a1', c: 'c1' } },
        { id: 14, job: 'simple-1', out: { a: 'a2', c: 'c2' } },
        { id: 15, job: 'simple-1', out: { a: 'a3', c: 'c3' } },
        { id: 17, job: 'simple-3', out: { d: 'd1' } },
        { id: 18, job: 'simple-3', out: { d: 'd2' } },
        { id: 100, job: 'me', in: { x: 'x1', y: 'y1', c: 'c2' }, pipes: [1, 9, 14] },
      ],
    };
    const { result, values } = run(history, [
      get('x', ['shared', 'simple-a']),
      get('y', ['shared', 'simple-b'], { version: 'every' }),
      get('a', ['simple-1'], { version: 'every' }),
      get('b', ['simple-2'], { version: 'every' }),
      { name: 'c', resource: 'c', version: 'every' },
      get('d', ['shared', 'simple-b', 'simple-3']),
    ]);
    assert.equal(result.ok, false);
    assert.deepEqual(Object.keys(result.missing).sort(), ['b', 'd', 'x', 'y']);
    for (const m of Object.values(result.missing)) assert.equal(m.reason, 'no satisfiable builds from passed jobs found for set of inputs');
    assert.deepEqual(values, { a: 'a3', c: 'c4' });
  });
});

