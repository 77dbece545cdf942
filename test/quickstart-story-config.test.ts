// The quickstart example's files (examples/component-release) are what a user reads and
// edits first: both pipelines pass `gantry validate-pipeline --strict` with the example vars,
// every task file validates, every script is valid sh, and the component's own unit tests
// pass on the seed content.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatDiagnostic, parseYamlSource, validateTaskConfig } from '../src/core/config';
import { interpolate, staticVars } from '../src/core/vars';
import { makeHome, runGantry } from './testkit/gantry-cli';

const EXAMPLE = resolve('examples/component-release');
const VARS = join(EXAMPLE, 'vars.example.yml');

describe('examples/component-release', () => {
  for (const pipeline of ['component-prerelease.yml', 'component-release.yml']) {
    test(`${pipeline} passes validate-pipeline --strict`, async () => {
      const r = await runGantry(['validate-pipeline', '-c', join(EXAMPLE, pipeline), '-l', VARS, '--strict'], { home: makeHome() });
      assert.equal(r.stderr, '');
      assert.equal(r.stdout.trim(), 'looks good');
      assert.equal(r.code, 0);
    });
  }

  test('passes validate-pipeline without its vars (they stay for run time, as Concourse keeps them)', async () => {
    const r = await runGantry(['validate-pipeline', '-c', join(EXAMPLE, 'component-prerelease.yml')], { home: makeHome() });
    assert.equal(r.code, 0, r.stderr);
  });

  const tasks = readdirSync(join(EXAMPLE, 'ci/tasks')).filter((f) => f.endsWith('.yml'));
  test('has a task file for every task the pipelines name', () => {
    const named = new Set<string>();
    for (const p of ['component-prerelease.yml', 'component-release.yml']) {
      for (const m of readFileSync(join(EXAMPLE, p), 'utf8').matchAll(/file: component\/ci\/tasks\/([\w-]+\.yml)/g)) named.add(m[1]!);
    }
    assert.deepEqual([...named].sort(), [...tasks].sort());
  });

  for (const task of tasks) {
    test(`task ${task} validates`, () => {
      const file = join(EXAMPLE, 'ci/tasks', task);
      const source = parseYamlSource(readFileSync(file, 'utf8'), file);
      const value = interpolate(source.value, staticVars({ git_image: '/images/git/rootfs' })).value;
      const result = validateTaskConfig(value, { file, locate: source.locate });
      assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
    });
  }

  test('every script and patch-day.sh is valid sh', () => {
    const scripts = [
      ...readdirSync(join(EXAMPLE, 'ci/scripts')).map((f) => join(EXAMPLE, 'ci/scripts', f)),
      join(EXAMPLE, 'patch-day.sh'), join(EXAMPLE, 'scale-report.sh'), join(EXAMPLE, 'repos/component/bin/component'), join(EXAMPLE, 'repos/component/test/unit.sh'),
    ];
    for (const s of scripts) execFileSync('busybox', ['sh', '-n', s]);
  });

  test('scale-report.sh turns the start lines of a scale build into batch times', () => {
    const log = [4, 1, 3, 2, 5].map((i) => `instance ${i} started ${i * 300} ms after the fan-out began`).join('\n');
    const out = execFileSync('busybox', ['sh', join(EXAMPLE, 'scale-report.sh'), '-n', '2', '-f', '-'], { input: `noise\n${log}\n`, encoding: 'utf8' });
    assert.equal(out, [
      'containers      last started    batch took   per container',
      '1-2                   600 ms        600 ms          300 ms',
      '3-4                  1200 ms        600 ms          300 ms',
      '5-5                  1500 ms        300 ms          300 ms',
      '5 containers started in 1500 ms (3.3 per second); the last batch took 0.5x as long as the first',
      '',
    ].join('\n'));
  });

  test("the component's unit tests pass on the seed content", () => {
    const out = execFileSync('busybox', ['sh', join(EXAMPLE, 'repos/component/test/unit.sh')], {
      env: { PATH: process.env.PATH, UPSTREAM_DIR: join(EXAMPLE, 'repos/upstream') }, encoding: 'utf8',
    });
    assert.match(out, /all tests passed/);
  });
});
