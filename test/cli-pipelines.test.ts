// The real gantry CLI against a real web node: set-pipeline of every Concourse
// example, listing pipelines, refused invalid configs, the diff before applying,
// and the pipeline verbs. Listing every example's jobs and resources and the
// get-pipeline round trips are in cli-pipelines-examples.test.ts (each CLI run
// costs seconds on a loaded machine; one file held them all close to its time limit).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { inPool, runGantry, startGantry } from './testkit/gantry-cli';
import { openCliSession, type CliSession } from './testkit/cli-session';
import { EXAMPLES } from './testkit/concourse-examples';

interface Named { name: string }

describe('gantry pipelines against a web node', () => {
  let s: CliSession;
  const gantry = (args: string[], input?: string) => s.gantry(args, input);
  const json = <T>(args: string[]): Promise<T> => s.json<T>(args);
  const file = (name: string, text: string) => s.file(name, text);

  before(async () => {
    s = await openCliSession();
  });
  after(async () => {
    await s?.close();
  });

  test('set-pipeline -n creates every Concourse example', async () => {
    await inPool(EXAMPLES, 4, async (ex) => {
      const r = await gantry(['set-pipeline', '-n', '-p', ex.name, '-c', ex.file, ...ex.args]);
      assert.equal(r.code, 0, `${ex.file}: ${r.stderr}`);
      assert.match(r.stdout, /pipeline created!\nyou can view your pipeline here: http:\/\/127\.0\.0\.1:\d+\/teams\/main\/pipelines\//);
      assert.match(r.stdout, /the pipeline is currently paused\. to unpause, either:\n {2}- run the unpause-pipeline command:\n {4}gantry -t ci unpause-pipeline -p /);
    });
  });

  test('pipelines lists them, as a table and as JSON', async () => {
    const listed = await json<(Named & { paused: boolean; team_name: string })[]>(['pipelines']);
    assert.deepEqual(listed.map((p) => p.name).sort(), [...new Set(EXAMPLES.map((e) => e.name))].sort());
    assert.ok(listed.every((p) => p.paused && p.team_name === 'main'));
    const table = await gantry(['pipelines', '--print-table-headers']);
    const lines = table.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^id\s+name\s+paused\s+public\s+last updated$/);
    assert.equal(lines.length, EXAMPLES.length + 1);
    assert.ok(lines.some((l) => /^\d+\s+hello-world\s+yes\s+no\s+\d{4}-\d{2}-\d{2} /.test(l)), table.stdout);
    assert.ok(lines.some((l) => /\smulti-branch-template\/branch:main\s/.test(l)), 'an instanced pipeline shows its vars');
  });

  test('an invalid config prints file:line errors, exits 1, and the old config keeps serving', async () => {
    const before = await gantry(['get-pipeline', '-p', 'hello-world']);
    const bad = file('bad.yml', 'jobs:\n- name: broken\n  plan:\n  - get: nowhere\n  - task: t\n');
    const r = await gantry(['set-pipeline', '-n', '-p', 'hello-world', '-c', bad]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.ok(lines.includes(`${bad}:4:10: error: jobs[0].plan[0].get: unknown resource 'nowhere'`), r.stderr);
    assert.ok(lines.some((l) => l.startsWith(`${bad}:5:`) && l.includes('error: jobs[0].plan[1].task')), r.stderr);
    const after = await gantry(['get-pipeline', '-p', 'hello-world']);
    assert.equal(after.stdout, before.stdout);
  });

  test('the diff calls out a removed job; declining applies nothing, yes applies', async () => {
    const two = file('two.yml', 'jobs:\n- name: keep\n  plan: [{task: t, config: {platform: linux, run: {path: "true"}}}]\n- name: drop\n  plan: [{task: t, config: {platform: linux, run: {path: "true"}}}]\n');
    assert.equal((await gantry(['set-pipeline', '-n', '-p', 'diffy', '-c', two])).code, 0);
    const one = file('one.yml', 'jobs:\n- name: keep\n  plan: [{task: t, config: {platform: linux, run: {path: "true"}}}]\n');
    const no = await gantry(['set-pipeline', '-p', 'diffy', '-c', one], 'n\n');
    assert.equal(no.code, 0, no.stderr);
    assert.match(no.stdout, /^jobs:\n {2}job drop has been removed:\n {2}- name: drop\n/);
    assert.match(no.stdout, /this configuration removes:\n {2}- job drop\n/);
    assert.match(no.stdout, /pipeline name: diffy\n\napply configuration\? \[yN\]: \nbailing out\n$/);
    assert.deepEqual((await json<Named[]>(['jobs', '-p', 'diffy'])).map((j) => j.name), ['keep', 'drop']);
    const coloured = await runGantry(['-t', 'ci', 'set-pipeline', '-p', 'diffy', '-c', one], { home: s.home, input: 'n\n', env: { FORCE_COLOR: '1' } });
    assert.match(coloured.stdout, /\x1b\[31m {2}- name: drop\x1b\[0m/, 'removed lines are red for people');
    const yes = await gantry(['set-pipeline', '-p', 'diffy', '-c', one], 'y\n');
    assert.match(yes.stdout, /configuration updated\n$/);
    assert.deepEqual((await json<Named[]>(['jobs', '-p', 'diffy'])).map((j) => j.name), ['keep']);
  });

  test('a config changed by someone else while the prompt waits is refused, not overwritten', async () => {
    const job = (name: string) => `jobs:\n- name: ${name}\n  plan: [{task: t, config: {platform: linux, run: {path: "true"}}}]\n`;
    assert.equal((await gantry(['set-pipeline', '-n', '-p', 'race', '-c', file('race1.yml', job('first'))])).code, 0);
    const slow = startGantry(['-t', 'ci', 'set-pipeline', '-p', 'race', '-c', file('race2.yml', job('mine'))], { home: s.home });
    await slow.waitFor(/apply configuration\? \[yN\]: $/);
    assert.equal((await gantry(['set-pipeline', '-n', '-p', 'race', '-c', file('race3.yml', job('theirs'))])).code, 0);
    slow.answer('y\n');
    const r = await slow.done;
    assert.equal(r.code, 1);
    assert.match(r.stderr, /configured by someone else in the meantime; run set-pipeline again/);
    assert.deepEqual((await json<Named[]>(['jobs', '-p', 'race'])).map((j) => j.name), ['theirs']);
  });

  test('vars: -v fills ((vars)), -i makes an instanced pipeline, -l reads a file', async () => {
    const tmpl = file('tmpl.yml', 'jobs:\n- name: ((name))-job\n  plan: [{task: t, config: {platform: linux, run: {path: echo, args: [((greeting))]}}}]\n');
    const r = await gantry(['set-pipeline', '-n', '-p', 'vars', '-c', tmpl, '-v', 'name=first', '-i', 'greeting=hi']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /pipeline instance vars:\n {2}greeting: hi\n/);
    assert.match(r.stdout, /unpause-pipeline -p vars\/greeting:hi\n/);
    const got = parse((await gantry(['get-pipeline', '-p', 'vars/greeting:hi'])).stdout);
    assert.equal(got.jobs[0].name, 'first-job');
    assert.deepEqual(got.jobs[0].plan[0].config.run.args, ['hi']);
    const varsFile = file('vars.yml', 'name: second\n');
    const left = await gantry(['set-pipeline', '-n', '-p', 'vars', '-c', tmpl, '-l', varsFile]);
    assert.equal(left.code, 0, left.stderr);
    const kept = parse((await gantry(['get-pipeline', '-p', 'vars'])).stdout);
    assert.equal(kept.jobs[0].name, 'second-job');
    assert.deepEqual(kept.jobs[0].plan[0].config.run.args, ['((greeting))'], 'a var with no value is kept for run time');
  });

  test('--check-creds refuses a config whose ((vars)) do not resolve now, naming them, and saves nothing', async () => {
    const creds = file('creds.yml', [
      'var_sources:',
      '- name: vault',
      '  type: dummy',
      '  config: {vars: {token: s3cret}}',
      'jobs:',
      '- name: deploy',
      '  plan: [{task: t, config: {platform: linux, run: {path: echo, args: [((vault:token)), ((greeting)), ((vault:missing))]}}}]',
      '',
    ].join('\n'));
    const refused = await gantry(['set-pipeline', '-n', '--check-creds', '-p', 'creds', '-c', creds]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /undefined vars: greeting, vault:missing\n/);
    assert.match(refused.stderr, /the running configuration is unchanged/);
    assert.ok(!(await json<Named[]>(['pipelines'])).some((p) => p.name === 'creds'), 'nothing was saved');
    const without = await gantry(['set-pipeline', '-n', '-p', 'creds-later', '-c', creds]);
    assert.equal(without.code, 0, `without the flag the vars are left for run time: ${without.stderr}`);

    const fixed = file('creds-ok.yml', readFileSync(creds, 'utf8').replace(', ((vault:missing))', ''));
    const instanced = await gantry(['set-pipeline', '-n', '--check-creds', '-p', 'creds', '-c', fixed, '-i', 'greeting=hi']);
    assert.equal(instanced.code, 0, `an instance var answers ((greeting)): ${instanced.stderr}`);
    const plain = await gantry(['set-pipeline', '-n', '--check-creds', '-p', 'creds', '-c', fixed, '-v', 'greeting=hi']);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /pipeline created!/);
    const saved = parse((await gantry(['get-pipeline', '-p', 'creds'])).stdout);
    assert.deepEqual(saved.jobs[0].plan[0].config.run.args, ['((vault:token))', 'hi'], 'credentials stay references until run time');
  });

  test('-c - reads the config from stdin and applies without asking; -d only shows the diff', async () => {
    const text = 'jobs:\n- name: from-stdin\n  plan: [{task: t, config: {platform: linux, run: {path: "true"}}}]\n';
    const dry = await gantry(['set-pipeline', '-d', '-p', 'piped', '-c', '-'], text);
    assert.match(dry.stdout, /job from-stdin has been added:[\s\S]*Dry-run mode was set, exiting\.\n$/);
    const missing = await gantry(['get-pipeline', '-p', 'piped']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'error: pipeline not found\n');
    const r = await gantry(['set-pipeline', '-p', 'piped', '-c', '-'], text);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /pipeline created!/);
    assert.deepEqual((await json<Named[]>(['jobs', '-p', 'piped'])).map((j) => j.name), ['from-stdin']);
  });

  test('pause, unpause, expose and hide', async () => {
    const state = async () => (await json<(Named & { paused: boolean; public: boolean })[]>(['pipelines'])).find((p) => p.name === 'hello-world')!;
    assert.equal((await gantry(['unpause-pipeline', '-p', 'hello-world'])).stdout, "unpaused 'hello-world'\n");
    assert.equal((await state()).paused, false);
    assert.equal((await gantry(['pause-pipeline', '-p', 'hello-world'])).stdout, "paused 'hello-world'\n");
    assert.equal((await state()).paused, true);
    assert.equal((await gantry(['expose-pipeline', '-p', 'hello-world'])).stdout, "exposed 'hello-world'\n");
    assert.equal((await state()).public, true);
    assert.equal((await gantry(['hide-pipeline', '-p', 'hello-world'])).stdout, "hid 'hello-world'\n");
    assert.equal((await state()).public, false);
    const missing = await gantry(['pause-pipeline', '-p', 'no-such']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, "error: pipeline 'no-such' not found\n");
    const both = await gantry(['unpause-pipeline']);
    assert.equal(both.stderr, "error: one of the flags '-p, --pipeline' or '-a, --all' is required\n");
  });

  test('rename and order', async () => {
    const r = await gantry(['rename-pipeline', '-o', 'diffy', '-n', 'renamed']);
    assert.equal(r.stdout, "pipeline successfully renamed to 'renamed'\n");
    const order = await gantry(['order-pipelines', '-p', 'renamed', '-p', 'serial-job']);
    assert.equal(order.code, 0, order.stderr);
    assert.equal(order.stdout, 'ordered pipelines\n  - renamed\n  - serial-job\n');
    const names = (await json<Named[]>(['pipelines'])).map((p) => p.name);
    assert.deepEqual(names.slice(0, 2), ['renamed', 'serial-job']);
    assert.ok(!names.includes('diffy'));
  });

  test('archive asks first and hides the pipeline from the list', async () => {
    const no = await gantry(['archive-pipeline', '-p', 'serial-job'], 'n\n');
    assert.match(no.stdout, /archive pipeline 'serial-job'\? \[yN\]: \nbailing out\n$/);
    const yes = await gantry(['archive-pipeline', '-p', 'serial-job', '-n']);
    assert.equal(yes.stdout, "archived 'serial-job'\n");
    assert.ok(!(await json<Named[]>(['pipelines'])).some((p) => p.name === 'serial-job'));
    assert.ok((await json<Named[]>(['pipelines', '--include-archived'])).some((p) => p.name === 'serial-job'));
  });

  test('destroy asks unless -n; a missing pipeline is reported', async () => {
    const no = await gantry(['destroy-pipeline', '-p', 'renamed'], 'n\n');
    assert.equal(no.stdout, '!!! this will remove all data for pipeline `renamed`\n\nare you sure? [yN]: \nbailing out\n');
    const yes = await gantry(['destroy-pipeline', '-p', 'renamed', '-n']);
    assert.equal(yes.stdout, '!!! this will remove all data for pipeline `renamed`\n\n`renamed` deleted\n');
    assert.ok(!(await json<Named[]>(['pipelines'])).some((p) => p.name === 'renamed'));
    const gone = await gantry(['destroy-pipeline', '-p', 'renamed', '-n']);
    assert.equal(gone.stdout, '`renamed` does not exist\n');
  });

  test('builds lists (no builds yet) for a job, a pipeline and everything', async () => {
    assert.deepEqual(await json(['builds', '-j', 'hello-world/job']), []);
    assert.deepEqual(await json(['builds', '-p', 'hello-world']), []);
    assert.deepEqual(await json(['builds']), []);
    const header = await gantry(['builds', '--print-table-headers']);
    assert.match(header.stdout, /^id\s+name\s+status\s+start\s+end\s+duration\s+team\s+created by\n$/);
    const missing = await gantry(['builds', '-j', 'hello-world/nope']);
    assert.equal(missing.code, 1);
  });
});

test('the examples list covers every pipeline file', () => {
  assert.ok(EXAMPLES.length >= 18);
  assert.ok(EXAMPLES.every((e) => resolve(e.file).includes('concourse-examples')));
  assert.ok(readFileSync(EXAMPLES[0]!.file, 'utf8').length > 0);
});
