// The build event stream the build page reads (GET /api/v1/builds/:id/events), over
// real HTTP against a web node: pages are cut by bytes, so a log of large chunks and
// many small events comes out whole, in order, with Concourse's 0-based ids, each
// payload exactly as stored; Last-Event-ID resumes mid-history; a live reader gets
// events appended after it connected, then `end`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestWebNode, tokenFor, type TestWebNode } from './testkit/web-node';
import type { BuildEventInput, Json } from '../src/ports/store-rows';

let node: TestWebNode;
let token: string;

interface Msg { event: string; id?: string; data: string }

function parse(text: string): Msg[] {
  return text.split('\n\n').filter((b) => b.trim() !== '').map((block) => {
    const m: Msg = { event: 'message', data: '' };
    for (const line of block.split('\n')) {
      const [k, ...rest] = line.split(': ');
      const v = rest.join(': ');
      if (k === 'event') m.event = v;
      else if (k === 'id') m.id = v;
      else if (k === 'data' || k === 'data:') m.data = v;
    }
    return m;
  });
}

async function stream(buildId: number, lastEventId?: string): Promise<Msg[]> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
  const res = await fetch(`${node.url}/api/v1/builds/${buildId}/events`, { headers, signal: AbortSignal.timeout(120_000) });
  assert.equal(res.status, 200);
  return parse(await res.text());
}

async function oneOffBuild(): Promise<number> {
  const b = await node.store.builds.createOneOff('main', { plan: { id: 'r', task: { name: 't' } } as unknown as Json, createdBy: null });
  await node.store.builds.start(b.id);
  return b.id;
}

/** Mixed sizes: small lifecycle events between 300 KB log chunks, ~4.5 MB in all (several pages). */
function mixedEvents(): BuildEventInput[] {
  const out: BuildEventInput[] = [];
  for (let i = 0; i < 15; i++) {
    out.push({ type: 'initialize-task', payload: { origin: { id: 't' }, time: 1000 + i } });
    out.push({ type: 'log', payload: { origin: { id: 't', source: 'stdout' }, time: 1000 + i, payload: `chunk ${i} ${'é\x1b[32mok\x1b[0m "quoted"\n'.repeat(12_000)}` } });
  }
  for (let i = 0; i < 200; i++) out.push({ type: 'log', payload: { origin: { id: 't', source: 'stderr' }, time: 2000, payload: `small ${i}\n` } });
  return out;
}

before(async () => {
  node = await startTestWebNode({ localUsers: [{ username: 'admin', password: 'admin' }], mainTeamUsers: ['admin'] });
  token = await tokenFor(node.url, 'admin', 'admin');
});

after(async () => {
  await node?.close();
});

describe('build event stream', () => {
  test('a history of large and small events comes out whole and in order, then end; Last-Event-ID resumes', async () => {
    const id = await oneOffBuild();
    const sent = mixedEvents();
    await node.store.events.append(id, sent.slice(0, 20));
    await node.store.events.append(id, sent.slice(20));
    await node.store.builds.finish(id, 'succeeded');
    const msgs = await stream(id);
    const events = msgs.filter((m) => m.event === 'event');
    assert.equal(events.length, sent.length);
    assert.deepEqual(events.map((m) => m.id), sent.map((_, i) => String(i)), 'ids are 0-based and contiguous');
    events.forEach((m, i) => {
      const e = JSON.parse(m.data) as { event: string; version: string; data: unknown };
      assert.equal(e.event, sent[i]!.type);
      assert.equal(e.version, '1.0');
      assert.deepEqual(e.data, sent[i]!.payload, `event ${i} carries its payload exactly`);
    });
    assert.equal(msgs[msgs.length - 1]!.event, 'end');

    const rest = (await stream(id, '24')).filter((m) => m.event === 'event');
    assert.deepEqual(rest.map((m) => m.id), sent.slice(25).map((_, i) => String(25 + i)));
  });

  test('a reader connected to a running build gets events appended later, then end', async () => {
    const id = await oneOffBuild();
    await node.store.events.append(id, [{ type: 'log', payload: { origin: { id: 't' }, time: 1, payload: 'before\n' } }]);
    const res = await fetch(`${node.url}/api/v1/builds/${id}/events`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(120_000) });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const readUntil = async (want: string): Promise<void> => {
      while (!text.includes(want)) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`stream ended before ${JSON.stringify(want)}: ${text}`);
        text += value;
      }
    };
    await readUntil('before');
    // Only now, with the history read and the reader waiting, does the build go on.
    await node.store.events.append(id, [{ type: 'log', payload: { origin: { id: 't' }, time: 2, payload: 'after\n' } }]);
    await readUntil('after');
    await node.store.events.append(id, [{ type: 'status', payload: { status: 'succeeded', time: 3 } }]);
    await node.store.builds.finish(id, 'succeeded');
    await readUntil('event: end');
    const msgs = parse(text);
    const logs = msgs.filter((m) => m.event === 'event').map((m) => (JSON.parse(m.data) as { data: { payload?: string } }).data.payload);
    assert.deepEqual(logs, ['before\n', 'after\n', undefined]);
    assert.deepEqual(msgs.filter((m) => m.event === 'event').map((m) => m.id), ['0', '1', '2']);
    await reader.cancel();
  });
});
