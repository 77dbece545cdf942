// The search behind `passed:` groups: it must stay fast where naive backtracking
// explodes, because one slow job would hold up a whole scheduling pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildExample, type ExampleBuild } from './example-history';
import { buildVersionIndex } from './version-index';
import { searchGroup, type GroupInput } from './group-search';

function group(builds: ExampleBuild[], inputs: { name: string; jobs: string[] }[]) {
  const ex = buildExample({ builds });
  const index = buildVersionIndex(ex.snapshot);
  const groupInputs: GroupInput[] = inputs.map((i) => ({
    name: i.name,
    resource: i.name,
    res: index.resources.get(i.name),
    jobs: i.jobs,
    pinId: null,
    every: false,
    lastUsed: new Map(),
  }));
  return { outcome: searchGroup(groupInputs, index.job), ex };
}

test('a hopeless group fails after a linear number of candidates, not one per pair of builds', () => {
  // 200 builds of a and of b all carry x1; b pairs it with y-i, and c only ever saw y-none.
  const builds: ExampleBuild[] = [];
  let id = 1;
  for (let i = 0; i < 200; i++) builds.push({ id: id++, job: 'a', in: { x: 'x1' } });
  for (let i = 0; i < 200; i++) builds.push({ id: id++, job: 'b', in: { x: 'x1', y: `y${i}` } });
  builds.push({ id: id++, job: 'c', in: { y: 'y-none' } });
  const { outcome } = group(builds, [
    { name: 'x', jobs: ['a', 'b'] },
    { name: 'y', jobs: ['b', 'c'] },
  ]);
  assert.equal(outcome.ok, false);
  assert.ok(outcome.examined < 1_000, `examined ${outcome.examined} candidate builds`);
});

test('the only solution deep in the history is found without exploring every combination', () => {
  const builds: ExampleBuild[] = [];
  let id = 1;
  builds.push({ id: id++, job: 'b', in: { x: 'x1', y: 'y-old' } });
  for (let i = 0; i < 200; i++) builds.push({ id: id++, job: 'a', in: { x: 'x1' } });
  for (let i = 0; i < 200; i++) builds.push({ id: id++, job: 'b', in: { x: 'x1', y: `y${i}` } });
  builds.push({ id: id++, job: 'c', in: { y: 'y-old' } });
  const { outcome, ex } = group(builds, [
    { name: 'x', jobs: ['a', 'b'] },
    { name: 'y', jobs: ['b', 'c'] },
  ]);
  assert.equal(outcome.ok, true);
  if (!outcome.ok) return;
  assert.deepEqual(outcome.versionIds.map((v) => ex.labels.get(v)), ['x1', 'y-old']);
  assert.deepEqual(outcome.sources[1], [1, 402]);
  assert.ok(outcome.examined < 1_000, `examined ${outcome.examined} candidate builds`);
});
