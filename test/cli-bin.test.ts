// The built `gantry` binary as users run it (bin/gantry loading dist/gantry-cli.cjs with a
// V8 code cache): output is the same with and without a cache, a cache is written per
// command only when the command succeeds, a stale or foreign cache is replaced, an
// unwritable cache directory is no error, and the server commands still load their ES
// module entries. Builds a private copy of dist/ (scripts/build.mjs --outdir) so that
// other builds of the shared dist/ cannot interfere.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { GANTRY_VERSION } from '../src/cli/version';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('bin/gantry with its code cache', () => {
  let root: string;
  let home: string;
  const cache = (name: string) => join(root, 'dist', 'cli-cache', `${name}.v8cache`);

  function gantry(args: string[]): Run {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
    for (const name of Object.keys(env)) if (name.startsWith('GANTRY_') || name === 'NODE_TEST_CONTEXT' || name === 'NODE_OPTIONS') delete env[name];
    const r = spawnSync(process.execPath, [join(root, 'bin', 'gantry'), ...args], { env, encoding: 'utf8', timeout: 120_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  /** The first line of a cache file: the bundle's content hash it was made for. */
  const cacheKey = (name: string): string => readFileSync(cache(name), 'latin1').split('\n', 1)[0] ?? '';

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'gantry-bin-'));
    home = join(root, 'home');
    mkdirSync(home);
    mkdirSync(join(root, 'bin'));
    copyFileSync(resolve('bin/gantry'), join(root, 'bin', 'gantry'));
    copyFileSync(resolve('bin/package.json'), join(root, 'bin', 'package.json'));
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
    const built = spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', join(root, 'dist')], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(built.status, 0, built.stderr);
  });

  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('the bundle is ASCII and names its build on its last line', () => {
    const text = readFileSync(join(root, 'dist', 'gantry-cli.cjs'), 'latin1');
    assert.ok(!/[^\x00-\x7f]/.test(text), 'non-ASCII byte in dist/gantry-cli.cjs');
    assert.match(text, /\/\/gantry-cli-build:[0-9a-f]{24}\n$/);
  });

  test('--version writes its cache on the first run and keeps it on the next', () => {
    const first = gantry(['--version']);
    assert.deepEqual(first, { code: 0, stdout: `${GANTRY_VERSION}\n`, stderr: '' });
    const bundle = readFileSync(join(root, 'dist', 'gantry-cli.cjs'), 'latin1');
    assert.equal(cacheKey('other'), /gantry-cli-build:([0-9a-f]+)/.exec(bundle)![1]);
    const written = readFileSync(cache('other'));
    const second = gantry(['--version']);
    assert.deepEqual(second, first);
    assert.ok(readFileSync(cache('other')).equals(written), 'an accepted cache is not rewritten');
  });

  test('each command gets its own cache, and a failing command writes none', () => {
    assert.deepEqual(gantry(['targets']), { code: 0, stdout: '', stderr: '' });
    assert.ok(existsSync(cache('targets')));
    const failed = gantry(['-t', 'nowhere', 'pipelines']);
    assert.deepEqual(failed, { code: 1, stdout: '', stderr: 'error: unknown target: nowhere\n' });
    assert.ok(!existsSync(cache('pipelines')));
    // The same failure again, now with no cache at all in play, reads the same.
    assert.deepEqual(gantry(['-t', 'nowhere', 'pipelines']), failed);
  });

  test('a corrupt cache or one of another build is replaced, not used', () => {
    gantry(['--version']);
    const key = cacheKey('other');
    const corrupt = Buffer.concat([Buffer.from(`${key}\n`), Buffer.alloc(4096, 7)]);
    writeFileSync(cache('other'), corrupt);
    assert.deepEqual(gantry(['--version']), { code: 0, stdout: `${GANTRY_VERSION}\n`, stderr: '' });
    assert.ok(!readFileSync(cache('other')).equals(corrupt), 'the corrupt cache was rewritten');
    const good = readFileSync(cache('other'));
    writeFileSync(cache('other'), Buffer.concat([Buffer.from('000000000000000000000000\n'), good.subarray(key.length + 1)]));
    assert.deepEqual(gantry(['--version']), { code: 0, stdout: `${GANTRY_VERSION}\n`, stderr: '' });
    assert.equal(cacheKey('other'), key, 'a cache of another build was replaced');
  });

  test('without a writable cache directory the CLI runs uncached', () => {
    rmSync(join(root, 'dist', 'cli-cache'), { recursive: true, force: true });
    writeFileSync(join(root, 'dist', 'cli-cache'), 'not a directory');
    try {
      assert.deepEqual(gantry(['--version']), { code: 0, stdout: `${GANTRY_VERSION}\n`, stderr: '' });
      assert.deepEqual(gantry(['targets']), { code: 0, stdout: '', stderr: '' });
    } finally {
      rmSync(join(root, 'dist', 'cli-cache'), { force: true });
    }
  });

  test('a server command loads its ES module entry, and its errors print as CLI errors', () => {
    const r = gantry(['worker']);
    assert.deepEqual(r, { code: 1, stdout: '', stderr: 'error: give --web-url (or GANTRY_WEB_URL): the web node to register with\n' });
  });

  test('help: a named command alone, the whole program otherwise', () => {
    const one = gantry(['-t', 'x', 'execute', '--help']);
    assert.equal(one.code, 0);
    assert.match(one.stdout, /^Usage: gantry execute\|e \[options\]\n/);
    assert.match(one.stdout, /-c, --config <file>/);
    const all = gantry(['--help']);
    assert.equal(all.code, 0);
    for (const name of ['execute|e', 'set-pipeline|sp', 'quickstart', 'worker', 'web']) assert.match(all.stdout, new RegExp(`\\n  ${name.replace('|', '\\|')} `));
    const unknown = gantry(['-t', 'x', 'exectue']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^error: unknown command 'exectue'\n\(Did you mean execute\?\)/);
  });

  test('a checkout without dist/ says how to build it', () => {
    rmSync(join(root, 'dist', 'gantry-cli.cjs'));
    const r = gantry(['--version']);
    assert.deepEqual(r, { code: 2, stdout: '', stderr: 'gantry: not built yet; run `bash scripts/setup.sh` (or `npm run build`) first\n' });
  });
});
