// A put to a resource that was never checked (no checker scan ran yet either) files its
// version under the history the checker uses: the one keyed by the source with its `((vars))`
// filled in. Real store (PGlite), the build tracker's put recorder fed the finish-put event a
// real git put reports, the real checker and git check against a real repository.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { openStore } from '../src/store';
import { specsOf } from '../src/api/pipeline-specs';
import { Checker } from '../src/components/checker';
import { putRecorder } from '../src/components/build-tracker/put-outputs';
import { WorkerResourceRunner } from '../src/resources';
import { RuncRuntime } from '../src/worker';
import type { Store } from '../src/ports/store';
import type { JsonObject } from '../src/ports/store-rows';
import { buildEvent } from '../src/protocol/build-events';
import { GitRepo } from './testkit/git-repo';

let store: Store;
let runtime: RuncRuntime;
const workDir = mkdtempSync(join(tmpdir(), 'gantry-put-history-'));
const repo = GitRepo.init();

before(async () => {
  store = await openStore({ memory: true });
  await store.teams.save('main', {});
  runtime = await RuncRuntime.open({ workDir });
});
after(async () => {
  await store?.close();
  await runtime?.close();
  rmSync(workDir, { recursive: true, force: true });
  repo.remove();
});

test('put first, then check: one history, with the put\'s version before what the check found', async () => {
  repo.commit('base');
  const config = parseYaml(`var_sources: [{name: creds, type: dummy, config: {vars: {target: ${JSON.stringify(repo.dir)}}}}]
resources: [{name: target, type: git, check_every: never, source: {uri: ((creds:target)), branch: main}}]
jobs: [{name: ship, plan: [{put: target}]}]`) as JsonObject;
  const { pipeline } = await store.pipelines.saveConfig({ team: 'main', name: 'p', config, ...specsOf(config) });
  await store.pipelines.setPaused(pipeline.id, false);
  const job = (await store.jobs.get(pipeline.id, 'ship'))!;
  const plan = { id: 'put-1', put: { name: 'target', resource: 'target', type: 'git', source: { uri: '((creds:target))', branch: 'main' } } };
  const build = await store.builds.createForJob(job.id, { plan });

  // What the git put of a pushed commit reports; the resource has no history yet.
  const pushed = repo.commit('pushed by the build');
  assert.equal((await store.resources.get(pipeline.id, 'target'))!.scopeId, null);
  const recorder = putRecorder(store, build, plan, (m) => assert.fail(m));
  recorder.observe(buildEvent('finish-put', { origin: { id: 'put-1' }, time: 0, exit_status: 0, version: { ref: pushed } }));
  await recorder.settled();
  const filedUnder = (await store.resources.get(pipeline.id, 'target'))!.scopeId;
  assert.notEqual(filedUnder, null);

  const later = repo.commit('after the put');
  const resource = (await store.resources.get(pipeline.id, 'target'))!;
  const result = await new Checker({ store, runner: new WorkerResourceRunner({ runtime }) }).checkNow({ kind: 'resource', id: resource.id });
  assert.equal(result?.succeeded, true, result?.error ?? '');
  assert.equal(result?.scopeId, filedUnder, 'the check continued the history the put filed under');
  assert.equal((await store.resources.getById(resource.id))!.scopeId, filedUnder);
  assert.deepEqual((await store.versions.allInOrder(filedUnder!)).map((v) => v.version.ref), [pushed, later]);
  const outputs = await store.builds.outputs(build.id);
  assert.deepEqual(outputs.map((o) => [o.name, o.version.ref]), [['target', pushed]]);
});
