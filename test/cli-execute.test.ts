// `gantry execute`, `watch`, `abort-build` through the real CLI against a real web node
// on PGlite with its in-process runc worker: busybox tasks from the offline mock image.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { makeHome, runGantry, startGantry } from './testkit/gantry-cli';
import { startTestWebNode, type TestWebNode } from './testkit/web-node';

const IMAGE = 'image_resource: {type: mock, source: {mirror_self: true}}';

function task(run: string, extra = ''): string {
  return `platform: linux\n${IMAGE}\n${extra}run:\n  path: sh\n  args: [-c, ${JSON.stringify(run)}]\n`;
}

describe('gantry execute against a web node with a local worker', () => {
  let node: TestWebNode;
  let home: string;
  let dir: string;
  const admin = (args: string[]) => runGantry(['-t', 'admin', ...args], { home });
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gantry-execute-'));
    node = await startTestWebNode({
      localUsers: [{ username: 'admin', password: 'admin-pw' }, { username: 'vic', password: 'vic-pw' }],
      mainTeamUsers: ['admin'],
      workerDir: join(dir, 'worker'),
    });
    await node.store.teams.save('main', { owner: { users: ['local:admin'], groups: [] }, viewer: { users: ['local:vic'], groups: [] } });
    home = makeHome();
    for (const [t, u] of [['admin', 'admin'], ['vic', 'vic']]) {
      const r = await runGantry(['-t', t!, 'login', '-c', node.url, '-u', u!, '-p', `${u}-pw`], { home });
      assert.equal(r.code, 0, r.stderr);
    }
  });

  after(async () => {
    await node?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a task that succeeds prints its output and exits 0; one that fails exits with its status', async () => {
    const ok = await admin(['execute', '-c', file('ok.yml', task('echo hello from ((who))', '')), '-v', 'who=busybox']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^executing build \d+ at /m);
    assert.match(ok.stdout, /initializing\nselected worker: local\n/);
    assert.match(ok.stdout, /running sh -c echo hello from busybox\nhello from busybox\nsucceeded\n$/);
    const failed = await admin(['execute', '-c', file('fail.yml', task('echo about to fail; exit 1'))]);
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /about to fail\nfailed\n$/);
  });

  test('a build that errors exits 2; a task file with mistakes is refused before anything runs', async () => {
    const errored = await admin(['execute', '-c', file('err.yml', task('true').replace('type: mock', 'type: no-such-type'))]);
    assert.equal(errored.code, 2, errored.stdout + errored.stderr);
    assert.match(errored.stdout, /errored\n$/);
    const invalid = await admin(['execute', '-c', file('bad.yml', 'platform: linux\nrun: {}\n')]);
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /bad\.yml:\d+:\d+: error: /);
    assert.doesNotMatch(invalid.stdout, /executing build/);
  });

  test('abort-build ends a running execute with exit 3', async () => {
    const run = startGantry(['-t', 'admin', 'execute', '-c', file('sleep.yml', task('echo sleeping; sleep 120'))], { home });
    run.answer('');
    await run.waitFor(/sleeping/);
    const builds = await node.store.builds.listRunning();
    const running = builds.find((b) => b.status === 'started');
    assert.ok(running);
    const denied = await runGantry(['-t', 'vic', 'abort-build', '-b', String(running.id)], { home });
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /forbidden/);
    const aborted = await admin(['abort-build', '-b', String(running.id)]);
    assert.equal(aborted.code, 0, aborted.stderr);
    assert.equal(aborted.stdout, 'build successfully aborted\n');
    const result = await run.done;
    assert.equal(result.code, 3);
    assert.match(result.stdout, /aborted\n$/);
    assert.equal((await node.store.builds.get(running.id))?.status, 'aborted');
  });

  test('a viewer cannot execute', async () => {
    const r = await runGantry(['-t', 'vic', 'execute', '-c', file('v.yml', task('true'))], { home });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /forbidden/);
  });

  test('execute round-trips a directory of 10,000 files (-i in, -o out)', async () => {
    const input = join(dir, 'many');
    for (let d = 0; d < 100; d++) {
      mkdirSync(join(input, `d${d}`), { recursive: true });
      for (let f = 0; f < 100; f++) writeFileSync(join(input, `d${d}`, `f${f}`), `${d}/${f}\n`);
    }
    const out = join(dir, 'many-out');
    const config = file('copy.yml', task('cp -a many/. copy/ && find copy -type f | wc -l', 'inputs: [{name: many}]\noutputs: [{name: copy}]\n'));
    const r = await admin(['execute', '-c', config, '-i', `many=${input}`, '-o', `copy=${out}`]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^10000$/m);
    let count = 0;
    for (const d of readdirSync(out)) count += readdirSync(join(out, d)).length;
    assert.equal(count, 10_000);
    assert.equal(readFileSync(join(out, 'd42', 'f7'), 'utf8'), '42/7\n');
  });

  test('inputs leave out what .gitignore ignores unless --include-ignored', async () => {
    const repo = join(dir, 'repo');
    mkdirSync(repo);
    spawnSync('git', ['init', '-q'], { cwd: repo });
    writeFileSync(join(repo, '.gitignore'), 'secret.txt\n');
    writeFileSync(join(repo, 'kept.txt'), 'kept\n');
    writeFileSync(join(repo, 'secret.txt'), 'ignored\n');
    const config = file('ls.yml', task('ls repo | sort | tr "\\n" " "; echo', 'inputs: [{name: repo}]\n'));
    const plain = await admin(['execute', '-c', config, '-i', `repo=${repo}`]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /^kept\.txt $/m);
    const all = await admin(['execute', '-c', config, '-i', `repo=${repo}`, '--include-ignored']);
    assert.match(all.stdout, /^kept\.txt secret\.txt $/m);
  });

  test('watch of a finished build replays its log and exits with its code', async () => {
    const r = await admin(['execute', '-c', file('w.yml', task('echo line one; echo line two; exit 1'))]);
    const id = /executing build (\d+)/.exec(r.stdout)![1]!;
    const watched = await admin(['watch', '-b', id]);
    assert.equal(watched.code, 1);
    assert.match(watched.stdout, /running sh -c .*\nline one\nline two\nfailed\n$/);
    const stamped = await admin(['watch', '-b', id, '--timestamps']);
    assert.match(stamped.stdout, /^\d\d:\d\d:\d\d {2}line one$/m);
  });
});
