// The git type over smart HTTP with basic auth (git http-backend behind a node server):
// check, in and out with username/password; wrong credentials fail instead of prompting.
// Also: an ssh private_key is handed to ssh as a 0600 file that is gone afterwards.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { createGitType, Git } from '../src/resources/git';
import { putInputs } from '../src/resources/builtin/put-inputs';
import { GitRepo, resourceContext, tempDir } from './testkit/git-repo';

const USER = 'ci';
const PASS = 's3cret';

/** Serves `root` with git http-backend (CGI), requiring basic auth. */
function gitHttpServer(root: string): Server {
  return createServer((req, res) => {
    const expected = `Basic ${Buffer.from(`${USER}:${PASS}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      return;
    }
    const url = new URL(req.url!, 'http://x');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        ...process.env, GIT_PROJECT_ROOT: root, GIT_HTTP_EXPORT_ALL: '1', REMOTE_USER: USER,
        PATH_INFO: decodeURIComponent(url.pathname), QUERY_STRING: url.search.slice(1), REQUEST_METHOD: req.method!,
        CONTENT_TYPE: req.headers['content-type'] ?? '', GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
      },
    });
    req.pipe(cgi.stdin);
    const chunks: Buffer[] = [];
    cgi.stdout.on('data', (b: Buffer) => chunks.push(b));
    cgi.on('close', () => {
      const out = Buffer.concat(chunks);
      const end = out.indexOf('\r\n\r\n');
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of out.subarray(0, end).toString().split('\r\n')) {
        const [k, ...v] = line.split(':');
        if (k!.toLowerCase() === 'status') status = Number.parseInt(v.join(':').trim(), 10);
        else headers[k!] = v.join(':').trim();
      }
      res.writeHead(status, headers).end(out.subarray(end + 4));
    });
  });
}

describe('git over http(s) with username/password', () => {
  const work = GitRepo.init();
  const first = work.commit('first', { 'a.txt': 'a\n' });
  const origin = work.bareClone();
  const cacheDir = tempDir('gantry-git-http-cache-');
  const git = createGitType({ cacheDir });
  const server = gitHttpServer(dirname(origin.dir));
  let uri = '';
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${basename(origin.dir)}`;
  });
  after(() => {
    server.close();
    for (const d of [work.dir, origin.dir, cacheDir]) rmSync(d, { recursive: true, force: true });
  });

  test('check and in with credentials; origin is the http uri', async () => {
    const source = { uri, branch: 'main', username: USER, password: PASS };
    assert.deepEqual(await git.check(resourceContext(), { source, version: null }), [{ ref: first }]);
    const dest = tempDir();
    try {
      await git.in(resourceContext(), dest, { source, version: { ref: first }, params: {} });
      assert.equal(readFileSync(join(dest, 'a.txt'), 'utf8'), 'a\n');
      assert.equal(work.git('-C', dest, 'remote', 'get-url', 'origin'), uri);
    } finally { rmSync(dest, { recursive: true, force: true }); }
  });

  test('out pushes over http; git_config sets the committer of a rebased commit', async () => {
    const parent = tempDir();
    try {
      work.git('clone', '-q', origin.dir, join(parent, 'repo'));
      const clone = new GitRepo(join(parent, 'repo'));
      clone.commit('from the pipeline', { 'b.txt': 'b\n' });
      work.commit('meanwhile', { 'c.txt': 'c\n' });
      work.git('push', '-q', origin.dir, 'main');
      const out = await git.out(resourceContext(), putInputs({ repo: clone.dir }), {
        source: { uri, branch: 'main', username: USER, password: PASS, git_config: [{ name: 'user.name', value: 'Pipeline Bot' }] },
        params: { repository: 'repo', rebase: true },
      });
      assert.equal(origin.head('main'), out.version.ref);
      assert.equal(origin.git('log', '-1', '--format=%s|%cn|%an', 'main'), 'from the pipeline|Pipeline Bot|Ada Author');
    } finally { rmSync(parent, { recursive: true, force: true }); }
  });

  test('wrong credentials fail the check at once (no prompt)', async () => {
    await assert.rejects(git.check(resourceContext(), { source: { uri, branch: 'main', username: USER, password: 'nope' }, version: null }),
      /Authentication failed|could not read Username|401/);
  });
});

describe('ssh private_key', () => {
  test('is written to a 0600 file named in GIT_SSH_COMMAND and removed on dispose', async () => {
    const g = new Git({ private_key: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n', private_key_user: 'git' });
    // a shell alias prints the environment git hands to its children (ssh among them)
    const r = await g.run(process.cwd(), ['-c', 'alias.show-ssh=!echo "$GIT_SSH_COMMAND"', 'show-ssh']);
    const cmd = r.stdout.trim();
    const keyFile = /-i '([^']+)'/.exec(cmd)?.[1];
    assert.ok(keyFile, cmd);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.match(readFileSync(keyFile, 'utf8'), /^-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n/);
    assert.match(cmd, /-o User='git'/);
    g.dispose();
    assert.equal(existsSync(keyFile), false);
  });
});
