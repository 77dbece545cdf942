// The real gantry CLI over every Concourse example set on a web node: jobs and
// resources list what each config declares, get-pipeline gives back what was set (YAML
// and JSON), and setting the same file again has nothing to apply. The examples are
// saved through the API here (cli-pipelines.test.ts sets them with the CLI), so this
// file spends its time on the commands it tests.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { inPool } from './testkit/gantry-cli';
import { client, tokenFor } from './testkit/web-node';
import { openCliSession, type CliSession } from './testkit/cli-session';
import { EXAMPLES, exampleValue, type Example } from './testkit/concourse-examples';

interface Named { name: string }

/** `?vars.KEY=<json>` for an example set with -i, as the CLI sends instance vars. */
function instanceQuery(ex: Example): string {
  const i = ex.args.indexOf('-i');
  if (i < 0) return '';
  const [key, value] = ex.args[i + 1]!.split('=') as [string, string];
  return `?vars.${key}=${encodeURIComponent(JSON.stringify(value))}`;
}

describe('gantry jobs, resources and get-pipeline over every example', () => {
  let s: CliSession;
  const gantry = (args: string[], input?: string) => s.gantry(args, input);
  const json = <T>(args: string[]): Promise<T> => s.json<T>(args);
  const file = (name: string, text: string) => s.file(name, text);

  before(async () => {
    s = await openCliSession(async (node) => {
      const api = client(node.url, await tokenFor(node.url, 'admin', 'admin'));
      for (const ex of EXAMPLES) {
        const res = await api.req('PUT', `/api/v1/teams/main/pipelines/${ex.name}/config${instanceQuery(ex)}`, exampleValue(ex));
        assert.equal(res.status, 201, `${ex.file}: ${await res.text()}`);
      }
    });
  });
  after(async () => {
    await s?.close();
  });

  test('jobs and resources list what each config declares', async () => {
    await inPool(EXAMPLES, 4, async (ex) => {
      const value = exampleValue(ex) as { jobs?: Named[]; resources?: Named[] };
      const ref = ex.ref ?? ex.name;
      const jobs = await json<Named[]>(['jobs', '-p', ref]);
      assert.deepEqual(jobs.map((j) => j.name), (value.jobs ?? []).map((j) => j.name), ex.file);
      const resources = await json<Named[]>(['resources', '-p', ref]);
      assert.deepEqual(resources.map((r) => r.name).sort(), (value.resources ?? []).map((r) => r.name).sort(), ex.file);
    });
    const jobs = await gantry(['jobs', '-p', 'hello-world', '--print-table-headers']);
    assert.equal(jobs.stdout, 'name  paused  status  next\njob   no      n/a     n/a\n');
    const global = await gantry(['--print-table-headers', 'jobs', '-p', 'hello-world']);
    assert.equal(global.stdout, jobs.stdout, 'fly takes --print-table-headers before the command too');
    const resources = await gantry(['resources', '-p', 'git-triggered']);
    assert.equal(resources.stdout, 'concourse-docs-git  git  n/a  n/a\n');
  });

  test('get-pipeline gives back the config that was set, in YAML or JSON', async () => {
    await inPool(EXAMPLES, 4, async (ex) => {
      const yaml = await gantry(['get-pipeline', '-p', ex.ref ?? ex.name]);
      assert.equal(yaml.code, 0, yaml.stderr);
      assert.deepEqual(parse(yaml.stdout), exampleValue(ex), ex.file);
    });
    for (const ex of EXAMPLES.filter((e) => e.args.length > 0)) {
      assert.deepEqual(await json(['get-pipeline', '-p', ex.ref ?? ex.name]), exampleValue(ex), ex.file);
    }
    const shown = await gantry(['get-pipeline', '-p', 'git-triggered']);
    assert.match(shown.stdout, /^resources:\n- name: concourse-docs-git\n {2}type: git\n/, 'keys in Concourse\'s order, name first');
    assert.match(shown.stdout, /\njobs:\n- name: job\n {2}public: true\n[\s\S]*\n {2}plan:\n {2}- get: concourse-docs-git\n/);
  });

  test('setting the same config again has nothing to apply', async () => {
    await inPool(EXAMPLES, 4, async (ex) => {
      const r = await gantry(['set-pipeline', '-p', ex.name, '-c', ex.file, ...ex.args]);
      assert.equal(r.stdout, 'no changes to apply\n', ex.file);
    });
    const got = file('got.yml', (await gantry(['get-pipeline', '-p', 'git-triggered'])).stdout);
    const again = await gantry(['set-pipeline', '-p', 'git-triggered', '-c', got]);
    assert.equal(again.stdout, 'no changes to apply\n', 'what get-pipeline prints sets the same config');
  });
});
