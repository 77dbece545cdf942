// Builds placed on a `gantry worker` child process: a web node with its in-process worker
// and the shared key, a remote worker tagged `remote`; a job's tagged task runs there, its
// input streamed over from the local worker and its output streamed back for the next task.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeHome, runGantry, startGantry, type GantryProcess } from './testkit/gantry-cli';
import { client, startTestWebNode, tokenFor } from './testkit/web-node';
import { checkResource, P, setPipeline, waitForFinished, type FlowNode } from './pipeline-flow-kit';

const KEY = 'build-placement-key';

const PIPELINE = `
resources:
- name: src
  type: mock
  source: {create_files: {hello.txt: "made on the local worker"}}
jobs:
- name: j
  plan:
  - get: src
  - task: on-remote
    tags: [remote]
    config:
      platform: linux
      image_resource: {type: mock, source: {mirror_self: true}}
      inputs: [{name: src}]
      outputs: [{name: out}]
      run: {path: sh, args: [-c, "cat src/hello.txt; echo; tr a-z A-Z < src/hello.txt > out/up.txt"]}
  - task: back-home
    config:
      platform: linux
      image_resource: {type: mock, source: {mirror_self: true}}
      inputs: [{name: out}]
      run: {path: sh, args: [-c, "cat out/up.txt"]}
`;

describe('builds on a remote worker', { timeout: 240_000 }, () => {
  let f: FlowNode;
  let worker: GantryProcess;

  before(async () => {
    const node = await startTestWebNode({
      workerDir: mkdtempSync(join(tmpdir(), 'gantry-local-worker-')), workerKey: KEY,
      localUsers: [{ username: 'admin', password: 'admin' }], mainTeamUsers: ['admin'],
    });
    const token = await tokenFor(node.url, 'admin', 'admin');
    f = { node, token, url: node.url, api: client(node.url, token), close: () => node.close() };
    worker = startGantry(['worker', '--web-url', node.url, '--worker-key', KEY, '--name', 'far', '--tag', 'remote',
      '--work-dir', mkdtempSync(join(tmpdir(), 'gantry-remote-worker-')), '--heartbeat-interval', '1s'], { home: makeHome() });
    await worker.waitFor(/serving on/);
  });

  after(async () => {
    worker?.answer('');
    await f?.api.req('PUT', '/api/v1/workers/far/land');
    await worker?.done;
    await f?.close();
  });

  test('a tagged task runs on the tagged worker; artifacts travel both ways', async () => {
    await setPipeline(f, 'p', PIPELINE);
    await checkResource(f, 'p', 'src');
    const res = await f.api.req('POST', `${P('p')}/jobs/j/builds`);
    assert.equal(res.status, 200, await res.clone().text());
    const [build] = await waitForFinished(f, 'p', 'j', 1, 180_000);
    const events = await f.node.store.events.list(build!.id);
    const logs = events.filter((e) => e.type === 'log').map((e) => (e.payload as { payload: string }).payload).join('');
    assert.equal(build!.status, 'succeeded', logs);
    const placed = events.filter((e) => e.type === 'selected-worker').map((e) => (e.payload as { selected_worker: string }).selected_worker);
    assert.ok(placed.includes('far'), `placed on ${placed.join(', ')}`);
    assert.ok(placed.includes('local'), `placed on ${placed.join(', ')}`);
    assert.match(logs, /made on the local worker/);
    assert.match(logs, /MADE ON THE LOCAL WORKER/);
    // The succeeded build's container on the remote worker is gone from the worker itself.
    const addr = (await f.node.store.workers.get('far'))!.address;
    const state = (await (await fetch(`${addr}/v1/state`, { headers: { 'x-gantry-worker-key': KEY } })).json()) as { containers: unknown[] };
    assert.deepEqual(state.containers, []);
  });
});

describe('a web node whose only worker is remote', { timeout: 240_000 }, () => {
  let f: FlowNode;
  let worker: GantryProcess;

  before(async () => {
    const node = await startTestWebNode({ workerKey: KEY, localUsers: [{ username: 'admin', password: 'admin' }], mainTeamUsers: ['admin'] });
    const token = await tokenFor(node.url, 'admin', 'admin');
    f = { node, token, url: node.url, api: client(node.url, token), close: () => node.close() };
    worker = startGantry(['worker', '--web-url', node.url, '--worker-key', KEY, '--name', 'solo',
      '--work-dir', mkdtempSync(join(tmpdir(), 'gantry-remote-worker-')), '--heartbeat-interval', '1s'], { home: makeHome() });
    await worker.waitFor(/serving on/);
  });

  after(async () => {
    worker?.answer('');
    await f?.api.req('PUT', '/api/v1/workers/solo/land');
    await worker?.done;
    await f?.close();
  });

  test('checks and builds run on it', async () => {
    await setPipeline(f, 'p', `
resources:
- name: src
  type: mock
  source: {initial_version: remote-v1, create_files: {f.txt: "checked and fetched remotely"}}
jobs:
- name: j
  plan:
  - get: src
    trigger: true
  - task: t
    config:
      platform: linux
      image_resource: {type: mock, source: {mirror_self: true}}
      inputs: [{name: src}]
      run: {path: sh, args: [-c, "cat src/f.txt"]}
`);
    const check = await checkResource(f, 'p', 'src');
    assert.notEqual(check.status, 'errored', check.check_error);
    const [build] = await waitForFinished(f, 'p', 'j', 1, 180_000);
    const events = await f.node.store.events.list(build!.id);
    const logs = events.filter((e) => e.type === 'log').map((e) => (e.payload as { payload: string }).payload).join('');
    assert.equal(build!.status, 'succeeded', logs);
    assert.match(logs, /checked and fetched remotely/);
    const placed = new Set(events.filter((e) => e.type === 'selected-worker').map((e) => (e.payload as { selected_worker: string }).selected_worker));
    assert.deepEqual([...placed], ['solo']);
  });

  test('gantry execute uploads to the remote worker and downloads its outputs', async () => {
    const home = makeHome();
    const login = await runGantry(['-t', 'r', 'login', '-c', f.url, '-u', 'admin', '-p', 'admin'], { home });
    assert.equal(login.code, 0, login.stderr);
    const dir = mkdtempSync(join(tmpdir(), 'gantry-exec-'));
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'word.txt'), 'remote\n');
    writeFileSync(join(dir, 'task.yml'), [
      'platform: linux',
      'image_resource: {type: mock, source: {mirror_self: true}}',
      'inputs: [{name: in}]',
      'outputs: [{name: out}]',
      'run: {path: sh, args: [-c, "echo ran on $(hostname); sed s/remote/REMOTE/ in/word.txt > out/word.txt"]}',
    ].join('\n'));
    const r = await runGantry(['-t', 'r', 'execute', '-c', join(dir, 'task.yml'), '-i', `in=${join(dir, 'in')}`, '-o', `out=${join(dir, 'out')}`], { home });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(dir, 'out', 'word.txt'), 'utf8'), 'REMOTE\n');
    const volumes = await f.node.store.volumes.list({ workerName: 'solo' });
    assert.ok(volumes.some((v) => v.kind === 'artifact'), 'the upload is an artifact volume on the remote worker');
  });
});
