// Builds that run, over real HTTP on a PGlite web node with its runc worker: the event
// stream (history first for a late client, Last-Event-ID resumes, `end` last), plans,
// archive safety, and a restart that keeps every build and its log while a build that
// was running when the node stopped ends errored with a message.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { planOneOff } from '../src/core/planner';
import type { TaskConfig } from '../src/core/config';
import { startTestWebNode, tokenFor, type TestWebNode } from './testkit/web-node';

const USERS = [{ username: 'admin', password: 'pw' }];

function config(script: string): TaskConfig {
  return { platform: 'linux', image_resource: { type: 'mock', source: { mirror_self: true } }, run: { path: 'sh', args: ['-c', script] } } as TaskConfig;
}

interface Sse { id?: string; event: string; data: string }

function parseSse(text: string): Sse[] {
  return text.split('\n\n').filter((b) => b.trim()).map((block) => {
    const m: Sse = { event: '', data: '' };
    for (const line of block.split('\n')) {
      const [k, ...rest] = line.split(': ');
      const v = rest.join(': ');
      if (k === 'id') m.id = v;
      else if (k === 'event') m.event = v;
      else if (k === 'data') m.data = v;
    }
    return m;
  });
}

describe('build API with a local worker', () => {
  let dir: string;
  let node: TestWebNode;
  let token: string;
  const start = (): Promise<TestWebNode> =>
    startTestWebNode({ dataDir: join(dir, 'db'), workerDir: join(dir, 'worker'), localUsers: USERS, mainTeamUsers: ['admin'] });
  const req = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${node.url}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });
  const execute = async (script: string): Promise<number> => {
    const res = await req('/api/v1/teams/main/builds', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(planOneOff(config(script))) });
    assert.equal(res.status, 201);
    return ((await res.json()) as { id: number }).id;
  };
  const events = async (id: number, lastEventId?: string): Promise<Sse[]> =>
    parseSse(await (await req(`/api/v1/builds/${id}/events`, { headers: lastEventId ? { 'Last-Event-ID': lastEventId } : {} })).text());

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gantry-builds-api-'));
    node = await start();
    token = await tokenFor(node.url, 'admin', 'pw');
  });

  after(async () => {
    await node?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a late SSE client gets the whole history, then end; Last-Event-ID resumes after that event', async () => {
    const id = await execute('echo one; echo two');
    const live = await events(id); // connected while the build runs: reads until it ends
    assert.equal(live.at(-1)?.event, 'end');
    const late = await events(id);
    assert.deepEqual(late, live);
    const body = late.filter((e) => e.event === 'event').map((e) => JSON.parse(e.data) as { event: string; data: { payload?: string; status?: string } });
    assert.deepEqual(late.filter((e) => e.id !== undefined).map((e) => Number(e.id)), body.map((_, i) => i));
    assert.equal(body[0]?.event, 'status');
    assert.equal(body.at(-1)?.data.status, 'succeeded');
    assert.equal(body.filter((e) => e.event === 'log').map((e) => e.data.payload).join('').includes('one\ntwo\n'), true);
    const resumed = await events(id, String(late.length - 4));
    assert.deepEqual(resumed, late.slice(late.length - 3));
    const plan = (await (await req(`/api/v1/builds/${id}/plan`)).json()) as { schema: string; plan: { id: string } };
    assert.equal(plan.schema, 'exec.v2');
    assert.ok(plan.plan.id);
  });

  test('an upload whose archive climbs out with ../ is refused', async () => {
    const src = join(dir, 'tar-src', 'inner');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(dir, 'tar-src', 'evil'), 'x');
    const archive = join(dir, 'evil.tgz');
    const made = spawnSync('tar', ['-C', src, '-czPf', archive, '../evil'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const res = await req('/api/v1/teams/main/artifacts', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: readFileSync(archive) });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { errors: string[] }).errors.join(), /\.\./);
  });

  test('a restarted web node keeps every build and its log; a build cut off by the stop ends errored', async () => {
    const done = await execute('echo kept across restarts');
    await events(done);
    const before = await events(done);
    const running = await execute('echo started; sleep 120');
    await waitForLog(running, 'started');
    await node.close({ keepData: true });
    node = await start();
    token = await tokenFor(node.url, 'admin', 'pw');
    assert.deepEqual(await events(done), before);
    const cut = (await (await req(`/api/v1/builds/${running}`)).json()) as { status: string };
    assert.equal(cut.status, 'errored');
    const tail = (await events(running)).filter((e) => e.event === 'event').map((e) => JSON.parse(e.data) as { event: string; data: { message?: string; status?: string } });
    assert.match(tail.find((e) => e.event === 'error')?.data.message ?? '', /web node .* stopped/);
    assert.equal(tail.at(-1)?.data.status, 'errored');
  });

  async function waitForLog(id: number, text: string): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const stored = await node.store.events.list(id);
      if (stored.some((e) => e.type === 'log' && JSON.stringify(e.payload).includes(text))) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`build ${id} never logged ${text}`);
  }
});
