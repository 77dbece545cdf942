// GET /api/v1/dashboard/events over real HTTP: a snapshot of what the reader may see,
// then only the pipelines that changed, filtered per reader (a pipeline of a team the
// reader has no role on stays out, id and all, until it is exposed).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { client, startTestWebNode, tokenFor, type Client, type TestWebNode } from './testkit/web-node';
import type { Job, Pipeline } from '../src/protocol/api';

const ONE_JOB = 'jobs:\n- name: ship\n  plan:\n  - task: t\n    config: {platform: linux, rootfs_uri: "raw:///", run: {path: "true"}}\n';

let node: TestWebNode;
let admin: Client;
const tokens: Record<string, string> = {};

interface Message { event: string; data: string }
interface Change { id: number; pipeline: Pipeline | null; jobs: Job[] }

/** Reads a dashboard stream; `next(pred)` waits (up to a minute) for a message that matches. */
async function open(user: string) {
  const res = await fetch(`${node.url}/api/v1/dashboard/events`, { headers: { Authorization: `Bearer ${tokens[user]}` }, signal: AbortSignal.timeout(120_000) });
  assert.equal(res.status, 200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queue: Message[] = [];
  const next = async (pred: (m: Message) => boolean): Promise<Message> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const at = queue.findIndex(pred);
      if (at >= 0) return queue.splice(0, at + 1).pop()!;
      if (Date.now() > deadline) throw new Error('no matching dashboard message within a minute');
      const { done, value } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data !== undefined) queue.push({ event, data });
      }
    }
  };
  return { next, close: () => reader.cancel() };
}

const names = (m: Message) => (JSON.parse(m.data) as { pipelines: Pipeline[] }).pipelines.map((p) => p.name).sort();

before(async () => {
  node = await startTestWebNode({ localUsers: [{ username: 'admin', password: 'admin' }, { username: 'bob', password: 'bob' }], mainTeamUsers: ['admin'] });
  for (const u of ['admin', 'bob']) tokens[u] = await tokenFor(node.url, u, u);
  admin = client(node.url, tokens.admin);
  assert.ok((await admin.req('PUT', '/api/v1/teams/main/pipelines/app/config', ONE_JOB)).status < 300);
});

after(async () => {
  await node?.close();
});

describe('dashboard event stream', () => {
  test('snapshot per reader, then a build’s status change as one pipeline’s change; exposing reaches the other reader', async () => {
    const a = await open('admin');
    const b = await open('bob');
    try {
      assert.deepEqual(names(await a.next((m) => m.event === 'snapshot')), ['app']);
      assert.deepEqual(names(await b.next((m) => m.event === 'snapshot')), [], 'bob has no role on main');

      const p = (await node.store.pipelines.get({ team: 'main', name: 'app' }))!;
      const job = (await node.store.jobs.get(p.id, 'ship'))!;
      const build = await node.store.builds.createForJob(job.id);
      await node.store.builds.start(build.id);
      await node.store.builds.finish(build.id, 'failed');
      const failed = await a.next((m) => m.event === 'changes' && (JSON.parse(m.data) as Change[]).some((c) => c.jobs[0]?.finished_build?.status === 'failed'));
      const changes = JSON.parse(failed.data) as Change[];
      assert.deepEqual(changes.map((c) => c.id), [p.id], 'only the pipeline that changed');

      assert.equal((await admin.req('PUT', '/api/v1/teams/main/pipelines/app/expose')).status, 200);
      // Bob's first change is the exposure: of the private pipeline's build he heard nothing,
      // not even its id.
      const shown = await b.next((m) => m.event === 'changes');
      assert.deepEqual((JSON.parse(shown.data) as Change[]).map((c) => c.pipeline?.name), ['app']);
      assert.equal((JSON.parse(shown.data) as Change[])[0]!.jobs[0]!.finished_build!.status, 'failed');

      assert.equal((await admin.req('PUT', '/api/v1/teams/main/pipelines/app/hide')).status, 200);
      const hidden = await b.next((m) => m.event === 'changes');
      assert.deepEqual(JSON.parse(hidden.data), [{ id: p.id, pipeline: null, jobs: [] }], 'hidden again: gone from his dashboard');
    } finally {
      await a.close();
      await b.close();
    }
  });
});
