// Checks of sources whose `((vars))` resolve only at run time (the pipeline's var_sources):
// the checker resolves them before the check, keys the shared version history by the
// resolved source, and never shows a var-source value in a check error. Real store (PGlite),
// real resource runner, real git repositories.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Checker } from '../src/components/checker';
import type { Store } from '../src/ports/store';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCheckerHarness, type CheckerHarness } from './testkit/checker-harness';

let h: CheckerHarness;
let store: Store;
const counting = () => h.counting();
const savePipeline = (name: string, yaml: string, paused = false) => h.savePipeline(name, yaml, paused);

const dummy = (vars: Record<string, unknown>): string => `var_sources: [{name: creds, type: dummy, config: {vars: ${JSON.stringify(vars)}}}]\n`;
const JOB = 'jobs: [{name: j, plan: [{get: r}]}]';

before(async () => {
  h = await openCheckerHarness();
  store = h.store;
});
after(async () => {
  await h?.close();
});

describe('checker with vars from var_sources', () => {
  test('a git uri from a dummy var source is resolved, and the history is shared by resolved source', async () => {
    const repo = h.repo();
    const c1 = repo.commit('one');
    const viaVar = await savePipeline('var-uri', `${dummy({ repo: { uri: repo.dir } })}resources: [{name: r, type: git, source: {uri: ((creds:repo.uri)), branch: main}}]\n${JOB}`);
    const literal = await savePipeline('literal-uri', `resources: [{name: r, type: git, source: {uri: ${JSON.stringify(repo.dir)}, branch: main}}]\n${JOB}`);
    const runner = counting();
    const checker = new Checker({ store, runner });
    await checker.scanOnce();
    const [a, b] = [(await store.resources.get(viaVar, 'r'))!, (await store.resources.get(literal, 'r'))!];
    const scope = await store.versions.getScope(a.scopeId!);
    assert.equal(scope?.lastCheckSucceeded, true, scope?.checkError ?? '');
    assert.equal(a.scopeId, b.scopeId, 'the same resolved source shares one history');
    assert.equal(runner.calls.filter((c) => c.source.uri === repo.dir).length, 1, 'one check for both');
    assert.equal(runner.calls.filter((c) => String(c.source.uri).includes('((')).length, 0, 'no check saw the raw var');
    assert.deepEqual((await store.versions.allInOrder(a.scopeId!)).map((v) => v.version.ref), [c1]);

    // A new commit is found through the var as well.
    const c2 = repo.commit('two');
    await checker.checkNow({ kind: 'resource', id: a.id });
    assert.deepEqual((await store.versions.allInOrder(a.scopeId!)).map((v) => v.version.ref), [c1, c2]);
  });

  test('a failing check never shows the var-source value in its error', async () => {
    const secret = join(tmpdir(), 'gantry-no-such-repo-s3cr3t-value');
    const id = await savePipeline('secret-uri', `${dummy({ uri: secret })}resources: [{name: r, type: git, check_every: never, source: {uri: ((creds:uri)), branch: main}}]\n${JOB}`);
    const checker = new Checker({ store, runner: counting() });
    const r = (await store.resources.get(id, 'r'))!;
    const result = await checker.checkNow({ kind: 'resource', id: r.id });
    assert.equal(result?.succeeded, false);
    const stored = (await store.versions.getScope(result!.scopeId))?.checkError ?? '';
    for (const text of [result?.error ?? '', stored]) {
      assert.ok(text.length > 0);
      assert.ok(!text.includes('s3cr3t'), `secret leaked: ${text}`);
      assert.match(text, /\(\(redacted\)\)/);
    }
  });

  test('a var nobody answers fails the check with the undefined var', async () => {
    const id = await savePipeline('undefined-var', `${dummy({ other: 'x' })}resources: [{name: r, type: mock, check_every: never, source: {initial_version: ((creds:missing))}}]\n${JOB}`);
    const runner = counting();
    const checker = new Checker({ store, runner });
    const result = await checker.checkNow({ kind: 'resource', id: (await store.resources.get(id, 'r'))!.id });
    assert.equal(result?.succeeded, false);
    assert.match(result?.error ?? '', /undefined vars: creds:missing/);
    assert.equal(runner.calls.filter((c) => c.source.initial_version !== undefined).length, 0, 'the type was never run');
    assert.match((await store.versions.getScope(result!.scopeId))?.checkError ?? '', /creds:missing/);
  });

  test('resource types: a type\'s own source and the types a resource check uses are resolved', async () => {
    const id = await savePipeline('type-vars', `${dummy({ v: 'tv1', mirror: true })}resource_types: [{name: my-mock, type: mock, source: {mirror_self: ((creds:mirror)), initial_version: ((creds:v))}}]
resources: [{name: r, type: my-mock, check_every: never, source: {initial_version: rv1}}]\n${JOB}`);
    const runner = counting();
    const checker = new Checker({ store, runner });
    const type = (await store.resourceTypes.list(id)).find((t) => t.name === 'my-mock')!;
    const typeCheck = await checker.checkNow({ kind: 'resource-type', id: type.id });
    assert.equal(typeCheck?.succeeded, true, typeCheck?.error ?? '');
    assert.deepEqual((await store.versions.allInOrder(typeCheck!.scopeId)).map((v) => v.version.version), ['tv1']);
    const res = await checker.checkNow({ kind: 'resource', id: (await store.resources.get(id, 'r'))!.id });
    assert.equal(res?.succeeded, true, res?.error ?? '');
    const call = runner.calls.find((c) => c.source.initial_version === 'rv1')!;
    assert.deepEqual(call.resourceTypes.find((t) => t.name === 'my-mock')?.source, { mirror_self: true, initial_version: 'tv1' });
  });
});
