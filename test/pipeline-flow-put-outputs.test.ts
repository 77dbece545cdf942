// A put's version flows on: job `make` puts v7 to a mock resource nobody checks, job `use`
// gets that resource with `passed: [make]` and runs by itself with v7. The version is in the
// resource's history (API) and recorded as an output of make's build.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { P, jobBuilds, setPipeline, shTask, startFlowNode, waitFor, waitForFinished, type FlowNode } from './pipeline-flow-kit';

let f: FlowNode;
before(async () => {
  f = await startFlowNode();
});
after(async () => {
  await f?.close();
});

test('a put in one job feeds `passed:` of the next, which triggers with the pushed version', async () => {
  await setPipeline(f, 'puts', `resources:
- name: m
  type: mock
  check_every: never
  source: {no_initial_version: true}
jobs:
- name: make
  plan:
  - put: m
    params: {version: v7}
- name: use
  plan:
  - get: m
    trigger: true
    passed: [make]
${shTask('show', 'test "$(cat m/version)" = v7', ['m'])}
`);
  const res = await f.api.req('POST', `${P('puts')}/jobs/make/builds`);
  assert.equal(res.status, 200, await res.text());
  const [made] = await waitForFinished(f, 'puts', 'make', 1);
  assert.equal(made!.status, 'succeeded');
  const outputs = await f.node.store.builds.outputs(made!.id);
  assert.deepEqual(outputs.map((o) => [o.name, o.version.version]), [['m', 'v7']]);

  const versions = await f.api.json<{ version: { version: string } }[]>('GET', `${P('puts')}/resources/m/versions`);
  assert.deepEqual(versions.body.map((v) => v.version.version), ['v7']);

  const [used] = await waitFor('use to run by itself', async () => {
    const builds = await jobBuilds(f, 'puts', 'use');
    return builds.length > 0 && builds[0]!.status !== 'pending' && builds[0]!.status !== 'started' ? builds : undefined;
  });
  assert.equal(used!.status, 'succeeded');
  const inputs = await f.node.store.builds.inputs(used!.id);
  assert.deepEqual(inputs.map((i) => [i.name, i.version.version]), [['m', 'v7']]);
});
