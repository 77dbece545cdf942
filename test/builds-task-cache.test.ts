// Task caches of a pipeline job persist across its builds and `gantry clear-task-cache`
// removes them (real scheduler, build tracker and runc worker behind a PGlite web node).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeHome, runGantry } from './testkit/gantry-cli';
import { startTestWebNode, type TestWebNode } from './testkit/web-node';

const PIPELINE = `jobs:
- name: j
  plan:
  - task: count
    config:
      platform: linux
      image_resource: {type: mock, source: {mirror_self: true}}
      caches: [{path: c}]
      run: {path: sh, args: [-c, 'echo run >> c/runs; echo "runs: $(wc -l < c/runs)"']}
`;

describe('task caches', () => {
  let node: TestWebNode;
  let home: string;
  let dir: string;
  const gantry = (args: string[]) => runGantry(['-t', 'admin', ...args], { home });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gantry-task-cache-'));
    node = await startTestWebNode({ localUsers: [{ username: 'admin', password: 'pw' }], mainTeamUsers: ['admin'], workerDir: join(dir, 'worker') });
    home = makeHome();
    assert.equal((await runGantry(['-t', 'admin', 'login', '-c', node.url, '-u', 'admin', '-p', 'pw'], { home })).code, 0);
  });

  after(async () => {
    await node?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a cache is kept across builds of the job until clear-task-cache removes it', async () => {
    writeFileSync(join(dir, 'p.yml'), PIPELINE);
    assert.equal((await gantry(['set-pipeline', '-p', 'p', '-c', join(dir, 'p.yml'), '-n'])).code, 0);
    assert.equal((await gantry(['unpause-pipeline', '-p', 'p'])).code, 0);
    const first = await gantry(['trigger-job', '-j', 'p/j', '-w']);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /runs: 1\n/);
    assert.match((await gantry(['trigger-job', '-j', 'p/j', '-w'])).stdout, /runs: 2\n/);
    const cleared = await gantry(['clear-task-cache', '-j', 'p/j', '-s', 'count', '-n']);
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.equal(cleared.stdout, '1 caches removed\n');
    assert.match((await gantry(['trigger-job', '-j', 'p/j', '-w'])).stdout, /runs: 1\n/);
    assert.equal((await gantry(['clear-task-cache', '-j', 'p/j', '-s', 'count', '-c', 'elsewhere', '-n'])).stdout, '0 caches removed\n');
  });
});
