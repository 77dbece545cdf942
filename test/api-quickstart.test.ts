// `gantry quickstart` as a user runs it: a child process that prints the URL
// and credentials once /api/v1/info answers, shuts down cleanly on SIGTERM and
// SIGINT, and finds everything again after a restart on the same data dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tokenFor, client } from './testkit/web-node';
import type { Pipeline } from '../src/protocol';

interface Running { child: ChildProcess; url: string; stdout: () => string; exited: Promise<number | null> }

async function quickstart(dataDir: string): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dataDir };
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/app/main.ts'), 'quickstart', '--port', '0', '--data-dir', dataDir, '--user', 'admin:s3cret', '--no-example'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const url = await new Promise<string>((res, rej) => {
    const timer = setInterval(() => {
      const m = /ready at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearInterval(timer);
        res(m[1]!);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      rej(new Error(`quickstart exited ${code} before it was ready: ${err}`));
    });
  });
  return { child, url, stdout: () => out, exited };
}

test('quickstart prints its URL and credentials, stops on SIGTERM/SIGINT, and a restart keeps pipelines', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-qs-'));
  try {
    const first = await quickstart(dir);
    assert.match(first.stdout(), /user admin, password s3cret/);
    const info = await fetch(`${first.url}/api/v1/info`);
    assert.equal(info.status, 200);
    const admin = client(first.url, await tokenFor(first.url, 'admin', 's3cret'));
    const set = await admin.req('PUT', '/api/v1/teams/main/pipelines/kept/config', 'jobs:\n- name: j\n  plan:\n  - load_var: v\n    file: x/y\n');
    assert.equal(set.status, 201);
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0, 'a clean shutdown exits 0');

    const second = await quickstart(dir);
    const again = client(second.url, await tokenFor(second.url, 'admin', 's3cret'));
    const list = await again.json<Pipeline[]>('GET', '/api/v1/pipelines');
    assert.deepEqual(list.body.map((p) => p.name), ['kept']);
    second.child.kill('SIGINT');
    assert.equal(await second.exited, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
