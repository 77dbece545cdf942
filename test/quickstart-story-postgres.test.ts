// The example on a real PostgreSQL server: a web node with its in-process runc worker on a
// fresh database, the example set up through its API as quickstart does, the seed commits
// flowing to release 0.1.0, and a manual ship of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setUpExample } from '../src/app/example-setup';
import type { Build } from '../src/protocol';
import { client, startTestWebNode, tokenFor, type Client } from './testkit/web-node';
import { removeWithMounts } from './quickstart-story-harness';

const USER = { username: 'admin', password: 'admin' };
const FINISHED = new Set(['succeeded', 'failed', 'errored', 'aborted']);

async function finished(api: Client, pipeline: string, job: string, after = 0, timeoutMs = 240_000): Promise<Build> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await api.json<Build[]>('GET', `/api/v1/teams/main/pipelines/${pipeline}/jobs/${job}/builds?limit=1`);
    const b = r.body[0];
    if (b && b.id > after && FINISHED.has(b.status)) return b;
    if (Date.now() > deadline) throw new Error(`no finished build of ${pipeline}/${job} (newest: ${JSON.stringify(b)})`);
    await new Promise((res) => setTimeout(res, 300));
  }
}

test('on PostgreSQL: the seed commits become release 0.1.0 and ship ships it', { timeout: 600_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-story-pg-'));
  process.env.GANTRY_RESOURCE_DIR = join(dir, 'resources');
  const node = await startTestWebNode({ workerDir: join(dir, 'worker'), localUsers: [USER], mainTeamUsers: [USER.username] });
  const example = await setUpExample({ dataDir: dir, url: node.url, ...USER, scaleInstances: 2, log: () => {} });
  try {
    const api = client(node.url, await tokenFor(node.url, USER.username, USER.password));
    for (const job of ['unit', 'build-candidate', 'deploy-a', 'deploy-b', 'outside-in-a', 'outside-in-b', 'promote']) {
      assert.equal((await finished(api, 'component-prerelease', job)).status, 'succeeded', job);
    }
    const artifacts = example.repos.artifacts;
    const show = (rev: string) => execFileSync('git', ['--git-dir', artifacts, 'show', rev], { encoding: 'utf8' }).trim();
    assert.equal(show('version:release'), '0.1.0');
    for (const r of ['release-version', 'releases']) {
      assert.ok((await api.req('POST', `/api/v1/teams/main/pipelines/component-release/resources/${r}/check`, {})).status < 300);
    }
    assert.ok((await api.req('POST', '/api/v1/teams/main/pipelines/component-release/jobs/ship/builds')).status < 300);
    assert.equal((await finished(api, 'component-release', 'ship')).status, 'succeeded');
    assert.equal(show('main:shipped/latest'), '0.1.0');
    assert.match(show('main:shipped/0.1.0/SHA256SUMS'), /component-0\.1\.0\.tar\.gz/);
  } finally {
    await example.close();
    await node.close();
    delete process.env.GANTRY_RESOURCE_DIR;
    removeWithMounts(dir);
  }
});
