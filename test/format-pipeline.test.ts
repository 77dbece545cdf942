// format-pipeline over Concourse's own example pipelines, and the command end
// to end: `gantry format-pipeline -c F` prints, `-w` rewrites in place.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { formatPipeline, formatTaskConfig } from '../src/core/config/format';
import { YAML_OPTIONS } from '../src/core/config/source';

const EXAMPLES = path.resolve('../shared/fixtures/concourse-examples');
const run = promisify(execFile);

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.yml'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function assertFormats(file: string, text: string, format: (t: string) => string): void {
  const once = format(text);
  // Same meaning both as Concourse reads YAML (1.1, merges) and as plain YAML 1.2.
  assert.deepEqual(parse(once, YAML_OPTIONS), parse(text, YAML_OPTIONS), `${file}: meaning changed`);
  assert.deepEqual(parse(once), parse(text), `${file}: meaning changed (YAML 1.2)`);
  assert.equal(format(once), once, `${file}: second formatting changed the text`);
  const comments = (t: string) => t.split('\n').flatMap((l) => l.match(/#\s.*$/) ?? []).sort();
  assert.deepEqual(comments(once), comments(text), `${file}: comments lost`);
}

describe('formatPipeline over the Concourse examples', async () => {
  // ytt libraries (*.lib.yml) are template code, not pipelines.
  const pipelines = (await yamlFiles(path.join(EXAMPLES, 'pipelines'))).filter((f) => !f.endsWith('.lib.yml'));
  test('there are examples to format', () => assert.ok(pipelines.length >= 15, String(pipelines.length)));
  for (const file of pipelines) {
    test(path.relative(EXAMPLES, file), async () => assertFormats(file, await readFile(file, 'utf8'), formatPipeline));
  }
  for (const file of await yamlFiles(path.join(EXAMPLES, 'tasks'))) {
    test(path.relative(EXAMPLES, file), async () => assertFormats(file, await readFile(file, 'utf8'), formatTaskConfig));
  }
});

describe('gantry format-pipeline', () => {
  let dir: string;
  const unordered = '# my pipeline\njobs:\n- plan: [{get: repo, trigger: true}]\n  name: build # the build\nresources:\n- type: git\n  name: repo\n';
  const ordered = '# my pipeline\nresources:\n- name: repo\n  type: git\njobs:\n- name: build # the build\n  plan: [{get: repo, trigger: true}]\n';
  const gantry = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/app/main.ts', ...args]);

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gantry-format-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('prints the formatted pipeline and leaves the file alone', async () => {
    const file = path.join(dir, 'print.yml');
    await writeFile(file, unordered);
    const { stdout } = await gantry('format-pipeline', '-c', file);
    assert.equal(stdout, ordered);
    assert.equal(await readFile(file, 'utf8'), unordered);
  });

  test('-w rewrites the file in place, keeping its mode, and prints nothing', async () => {
    const file = path.join(dir, 'write.yml');
    await writeFile(file, unordered);
    await chmod(file, 0o640);
    const { stdout } = await gantry('format-pipeline', '-c', file, '-w');
    assert.equal(stdout, '');
    assert.equal(await readFile(file, 'utf8'), ordered);
    assert.equal((await stat(file)).mode & 0o777, 0o640);
    await gantry('fp', '-c', file, '--write');
    assert.equal(await readFile(file, 'utf8'), ordered, 'formatting again changes nothing');
  });

  test('an example pipeline formats through the CLI', async () => {
    const file = path.join(dir, 'hooks.yml');
    await copyFile(path.join(EXAMPLES, 'pipelines/job-and-task-hooks.yml'), file);
    await gantry('format-pipeline', '-c', file, '-w');
    assert.deepEqual(
      parse(await readFile(file, 'utf8'), YAML_OPTIONS),
      parse(await readFile(path.join(EXAMPLES, 'pipelines/job-and-task-hooks.yml'), 'utf8'), YAML_OPTIONS),
    );
  });

  test('a bad file or a missing -c fails with a message and exit code 1', async () => {
    const bad = path.join(dir, 'bad.yml');
    await writeFile(bad, 'jobs:\n- name: a\n  name: b\n');
    await assert.rejects(gantry('format-pipeline', '-c', bad), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr, /error: could not unmarshal config: .*bad\.yml: Map keys must be unique at line 3, column 3/);
      return true;
    });
    await assert.rejects(gantry('format-pipeline', '-c', path.join(dir, 'nope.yml')), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr, /error: could not read config file: .*ENOENT/);
      return true;
    });
    await assert.rejects(gantry('format-pipeline'), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr, /the required flag '-c, --config' was not specified/);
      return true;
    });
  });
});
