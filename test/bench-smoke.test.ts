// Smoke run of the benchmark suite: the quick versions of the cheap rows (task overhead on
// a throwaway quickstart node, scheduling pass, the scale test through a pipeline, CLI
// start-up) each exit 0 and produce a well-formed row with a number beside its same-run
// baseline. Timing goals are not asserted (machines are noisy); the scale row's cleanup is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SUITE, runBench } from '../bench/run';

const cheap = SUITE.filter((b) => b.cheap);

test('the cheap rows are the ones CI runs', () => {
  assert.deepEqual(cheap.map((b) => b.name).sort(), ['cli-startup', 'scale', 'scheduling-pass', 'task-overhead']);
});

for (const bench of cheap) {
  test(`bench ${bench.name} --quick produces a well-formed row`, { timeout: 600_000 }, async () => {
    const ran = await runBench(bench, ['--quick']);
    assert.equal(ran.code, 0, ran.output);
    assert.equal(ran.rows.length, 1, `one row from ${bench.name}:\n${ran.output}`);
    const row = ran.rows[0]!;
    assert.ok(row.id === bench.name || row.id.startsWith(`${bench.name}-`), row.id);
    for (const field of ['what', 'scale', 'gantry', 'baseline', 'result', 'goal'] as const) {
      assert.ok(row[field].trim().length > 0, `${field} is empty`);
    }
    assert.match(row.gantry, /\d/);
    assert.match(row.baseline, /\d/);
    assert.ok(row.met === undefined || typeof row.met === 'boolean');
    if (bench.name === 'scale') assert.match(row.result, /leaked 0$/, 'the scale run leaves no container, mount or cgroup behind');
  });
}
