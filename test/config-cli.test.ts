// `gantry validate-pipeline` and `gantry schema` through the real entry point,
// as a user runs them: output, diagnostics on stderr, exit codes.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const EXAMPLES = resolve('../shared/fixtures/concourse-examples/pipelines');

function gantry(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/app/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'gantry-config-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('gantry validate-pipeline', () => {
  test('a valid pipeline: "looks good", exit 0', () => {
    const r = gantry('validate-pipeline', '-c', join(EXAMPLES, 'hello-world.yml'));
    assert.equal(r.stdout, 'looks good\n');
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  });

  test('errors print like a compiler and exit 1', () => {
    const path = file('bad.yml', 'jobs:\n- name: a\n  plan:\n  - get: nope\n  - task: t\n');
    const r = gantry('validate-pipeline', '-c', path);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      [
        `${path}:4:10: error: jobs[0].plan[0].get: unknown resource 'nope'`,
        `${path}:5:11: error: jobs[0].plan[1].task: must specify either \`file:\` or \`config:\``,
        'configuration invalid (2 errors)',
        '',
      ].join('\n'),
    );
  });

  test('bad YAML names the line and column', () => {
    const path = file('broken.yml', 'jobs:\n  - name: a\n   plan: []\n');
    const r = gantry('vp', '-c', path);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: error: `));
  });

  test('warnings pass, but fail with --strict', () => {
    const path = file('warn.yml', 'jobs:\n- name: Build\n  plan: []\n');
    const warning = `${path}:2:9: warning: jobs[0].name: 'Build' is not a valid identifier: must start with a lowercase letter or a number\n`;
    const loose = gantry('validate-pipeline', '-c', path);
    assert.equal(loose.code, 0);
    assert.equal(loose.stderr, warning);
    assert.equal(loose.stdout, 'looks good\n');
    const strict = gantry('validate-pipeline', '-c', path, '--strict');
    assert.equal(strict.code, 1);
    assert.equal(strict.stderr, `${warning}configuration invalid (1 warning)\n`);
    assert.equal(strict.stdout, '');
  });

  test('-l, -v and -y fill vars; later wins; -o prints the result', () => {
    const path = file('vars.yml', 'jobs:\n- name: ((name))\n  public: ((public))\n  plan: []\n');
    const varsFile = file('values.yml', 'name: from-file\npublic: false\n');
    const r = gantry('validate-pipeline', '-c', path, '-l', varsFile, '-v', 'name=from-flag', '-y', 'public=true', '-o');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'jobs:\n  - name: from-flag\n    public: true\n    plan: []\n');
    const fromFile = gantry('validate-pipeline', '-c', path, '--load-vars-from', varsFile, '--output');
    assert.equal(fromFile.stdout, 'jobs:\n  - name: from-file\n    public: false\n    plan: []\n');
  });

  test('an example that needs a vars file validates with -l', () => {
    const r = gantry('validate-pipeline', '-c', join(EXAMPLES, 'pipeline-vars.yml'), '-l', join(EXAMPLES, 'vars-file.yml'), '--strict');
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  });

  test('without -c it says which flag is missing', () => {
    const r = gantry('validate-pipeline');
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "error: the required flag '-c, --config' was not specified\n");
  });

  test('a missing file is an error, not a crash', () => {
    const r = gantry('validate-pipeline', '-c', join(dir, 'absent.yml'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: could not read file: ENOENT/);
  });
});

describe('gantry schema', () => {
  test('prints the pipeline JSON Schema', () => {
    const r = gantry('schema');
    assert.equal(r.code, 0);
    const schema = JSON.parse(r.stdout);
    assert.equal(schema.title, 'Concourse pipeline');
    assert.ok(schema.properties.jobs && schema.properties.resources && schema.definitions.Step);
  });
  test('--task prints the task config schema', () => {
    const schema = JSON.parse(gantry('schema', '--task').stdout);
    assert.equal(schema.title, 'Concourse task config');
    assert.deepEqual(schema.required, ['platform', 'run']);
  });
});
