// A refused set-pipeline leaves the running pipeline as it was, not only its stored text:
// after invalid configs, bad YAML, unresolvable ((vars)) under check_creds and a stale
// config version — each of which would have switched the trigger off — a new version
// still triggers the job, on the in-process worker, with the old config.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { P, checkResource, inputVersions, setPipeline, startFlowNode, waitForFinished, type FlowNode } from './pipeline-flow-kit';
import type { SaveConfigResponse } from '../src/protocol';

const RUNNING = `
resources:
- name: repo
  type: mock
  check_every: never
  source: {initial_version: v1}
jobs:
- name: unit
  plan:
  - get: repo
    trigger: true
`;

/** What each refused save would have made of the pipeline: no trigger, and a second job. */
const WITHOUT_TRIGGER = RUNNING.replace('trigger: true', 'trigger: false');

let f: FlowNode;
before(async () => {
  f = await startFlowNode();
});
after(async () => f?.close());

async function configVersion(): Promise<string | null> {
  return (await f.api.req('GET', `${P('app')}/config`)).headers.get('X-Concourse-Config-Version');
}

async function refusedSave(body: string, headers: Record<string, string> = {}, query = ''): Promise<{ status: number; errors: string[] }> {
  const res = await f.api.req('PUT', `${P('app')}/config${query}`, body, { 'X-Gantry-Config-File': 'app.yml', ...headers });
  const text = await res.text();
  return { status: res.status, errors: text ? ((JSON.parse(text) as SaveConfigResponse).errors ?? []) : [] };
}

test('refused saves leave the old config running: the next version still triggers the job', { timeout: 600_000 }, async () => {
  await setPipeline(f, 'app', RUNNING);
  assert.equal((await checkResource(f, 'app', 'repo')).status, 'succeeded');
  const first = await waitForFinished(f, 'app', 'unit', 1, 300_000);
  assert.equal(first[0]!.status, 'succeeded');
  const version = await configVersion();

  const invalid = await refusedSave(`${WITHOUT_TRIGGER}- name: extra\n  plan:\n  - get: nowhere\n`);
  assert.equal(invalid.status, 400);
  assert.deepEqual(invalid.errors, ["app.yml:14:10: error: jobs[1].plan[0].get: unknown resource 'nowhere'"]);

  const badYaml = await refusedSave(`${WITHOUT_TRIGGER}  - [\n`);
  assert.equal(badYaml.status, 400);
  assert.match(badYaml.errors[0]!, /^app\.yml:\d+:\d+: error: /);

  const creds = await refusedSave(WITHOUT_TRIGGER.replace('initial_version: v1', 'initial_version: ((missing))'), {}, '?check_creds=true');
  assert.equal(creds.status, 400);
  assert.deepEqual(creds.errors, ['undefined vars: missing']);

  const stale = await f.api.req('PUT', `${P('app')}/config`, WITHOUT_TRIGGER, { 'X-Concourse-Config-Version': String(Number(version) - 1) });
  assert.equal(stale.status, 409, await stale.text());

  assert.equal(await configVersion(), version, 'no refused save was stored');
  const jobs = await f.api.json<{ name: string; inputs: { trigger: boolean }[] }[]>('GET', `${P('app')}/jobs`);
  assert.deepEqual(jobs.body.map((j) => [j.name, j.inputs[0]?.trigger]), [['unit', true]]);

  // The old config still runs: a new version triggers unit again, with that version.
  const check = await f.api.json<{ status: string }>('POST', `${P('app')}/resources/repo/check`, { from: { version: 'v2' } });
  assert.equal(check.body.status, 'succeeded');
  const builds = await waitForFinished(f, 'app', 'unit', 2, 300_000);
  assert.deepEqual(builds.map((b) => b.status), ['succeeded', 'succeeded']);
  const used = await inputVersions(f, builds, 'repo');
  assert.deepEqual(Object.values(used), [undefined, undefined], 'mock versions are {version}, not {ref}');
  const inputs = await f.node.store.builds.inputs(builds[1]!.id);
  assert.deepEqual(inputs.map((i) => [i.name, i.version.version]), [['repo', 'v2']]);
});
