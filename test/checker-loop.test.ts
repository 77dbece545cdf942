// The checker against a real store (PGlite) and the real resource runner (built-in git and
// mock types run in process): shared scopes, intervals, `never`, jitter, back-off after
// failures, timeouts, no writes when nothing changed, manual checks and webhooks' message.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Checker, requestCheck } from '../src/components/checker';
import type { Store } from '../src/ports/store';
import { openCheckerHarness, type CheckerHarness } from './testkit/checker-harness';

let h: CheckerHarness;
let store: Store;
const counting = () => h.counting();
const savePipeline = (name: string, yaml: string, paused = false) => h.savePipeline(name, yaml, paused);

async function resourceOf(pipelineId: number, name = 'r') {
  return (await store.resources.get(pipelineId, name))!;
}

before(async () => {
  h = await openCheckerHarness();
  store = h.store;
});
after(async () => {
  await h?.close();
});

describe('checker', () => {
  test('identical type and source in two pipelines share one check and one version history', async () => {
    const repo = h.repo();
    const c1 = repo.commit('one');
    const yaml = `resources: [{name: r, type: git, source: {uri: ${repo.dir}, branch: main}}]\njobs: [{name: j, plan: [{get: r}]}]`;
    const a = await savePipeline('shared-a', yaml);
    const b = await savePipeline('shared-b', yaml);
    const runner = counting();
    const checker = new Checker({ store, runner });
    await checker.scanOnce();
    const uris = runner.calls.filter((c) => c.source.uri === repo.dir);
    assert.equal(uris.length, 1, 'one check for both pipelines');
    const [ra, rb] = [await resourceOf(a), await resourceOf(b)];
    assert.ok(ra.scopeId !== null && ra.scopeId === rb.scopeId);
    for (const r of [ra, rb]) {
      const page = await store.versions.listForResource(r.id, { limit: 10 });
      assert.deepEqual(page.items.map((v) => v.version.ref), [c1]);
    }
    // Checked a moment ago: not due again before the default minute is over.
    await checker.scanOnce();
    assert.equal(runner.calls.filter((c) => c.source.uri === repo.dir).length, 1);
  });

  test('a check that finds nothing new writes no version and sends no notification', async () => {
    const id = await savePipeline('quiet', `resources: [{name: r, type: mock, check_every: never, source: {initial_version: v1}}]\njobs: [{name: j, plan: [{get: r}]}]`);
    const checker = new Checker({ store, runner: counting() });
    const r = await resourceOf(id);
    const first = await checker.checkNow({ kind: 'resource', id: r.id });
    assert.equal(first?.newVersions, 1);
    let notified = 0;
    const stop = await store.notifier.listen('resource_versions', () => void notified++);
    const second = await checker.checkNow({ kind: 'resource', id: r.id });
    await new Promise((res) => setTimeout(res, 100));
    await stop();
    assert.deepEqual([second?.succeeded, second?.newVersions, notified], [true, 0, 0]);
    const versions = await store.versions.allInOrder(first!.scopeId);
    assert.deepEqual(versions.map((v) => v.version.version), ['v1']);
  });

  test('check_every: never is only checked when asked, and a manual check may start from a version', async () => {
    const id = await savePipeline('never', `resources: [{name: r, type: mock, check_every: never, source: {initial_version: nv1}}]\njobs: [{name: j, plan: [{get: r}]}]`);
    const runner = counting();
    const checker = new Checker({ store, runner });
    await checker.scanOnce();
    assert.equal(runner.calls.filter((c) => c.source.initial_version === 'nv1').length, 0);
    const r = await resourceOf(id);
    await checker.checkNow({ kind: 'resource', id: r.id, from: { version: 'given' } });
    const calls = runner.calls.filter((c) => c.source.initial_version === 'nv1');
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0]!.from, { version: 'given' });
  });

  test('a failing check keeps its error on the scope and backs off, then recovers', async () => {
    const id = await savePipeline('failing', `resources: [{name: r, type: mock, check_every: 10s, source: {check_failure: boom}}]\njobs: [{name: j, plan: [{get: r}]}]`);
    let now = Date.now();
    const runner = counting();
    const checker = new Checker({ store, runner, now: () => now, random: () => 0 });
    const mine = () => runner.calls.filter((c) => c.source.check_failure === 'boom').length;
    await checker.scanOnce();
    assert.equal(mine(), 1);
    const scope = await store.versions.getScope((await resourceOf(id)).scopeId!);
    assert.equal(scope?.lastCheckSucceeded, false);
    assert.match(scope?.checkError ?? '', /intentionally failing to check: boom/);
    // The store's clock decides when the last check ended; step our clock past it.
    now = scope!.lastCheckEnd!.getTime() + 10_500;
    await checker.scanOnce();
    assert.equal(mine(), 2, 'after one failure the interval is unchanged');
    const end2 = (await store.versions.getScope(scope!.id))!.lastCheckEnd!.getTime();
    now = end2 + 10_500;
    await checker.scanOnce();
    assert.equal(mine(), 2, 'after two failures it waits twice the interval');
    now = end2 + 20_500;
    await checker.scanOnce();
    assert.equal(mine(), 3);
    assert.match((await store.versions.getScope(scope!.id))?.checkError ?? '', /boom/, 'the error stays visible');
  });

  test('jitter moves the next check into the last tenth of the interval', async () => {
    const id = await savePipeline('jittered', `resources: [{name: r, type: mock, check_every: 10s, source: {initial_version: j1}}]\njobs: [{name: j, plan: [{get: r}]}]`);
    let now = Date.now();
    const runner = counting();
    const checker = new Checker({ store, runner, now: () => now, random: () => 0.999 });
    const mine = () => runner.calls.filter((c) => c.source.initial_version === 'j1').length;
    await checker.scanOnce();
    const end = (await store.versions.getScope((await resourceOf(id)).scopeId!))!.lastCheckEnd!.getTime();
    now = end + 8_900;
    await checker.scanOnce();
    assert.equal(mine(), 1);
    now = end + 9_100;
    await checker.scanOnce();
    assert.equal(mine(), 2);
  });

  test('check_timeout ends a slow check with an error', async () => {
    const id = await savePipeline('slow', `resources: [{name: r, type: mock, check_every: never, check_timeout: 200ms, source: {check_delay: 5s}}]\njobs: [{name: j, plan: [{get: r}]}]`);
    const checker = new Checker({ store, runner: counting() });
    const t0 = Date.now();
    const result = await checker.checkNow({ kind: 'resource', id: (await resourceOf(id)).id });
    assert.equal(result?.succeeded, false);
    assert.match(result?.error ?? '', /check timed out after 200 ms/);
    assert.ok(Date.now() - t0 < 4_000, 'ended by the timeout, not by the delay');
  });

  test('a check request notification (API, webhook) is answered by a running checker', async () => {
    const id = await savePipeline('notified', `resources: [{name: r, type: mock, check_every: never, source: {initial_version: n1}}]\njobs: [{name: j, plan: [{get: r}]}]`);
    const checker = new Checker({ store, runner: counting() });
    await checker.start();
    try {
      const r = await resourceOf(id);
      const done = await requestCheck(store.notifier, { kind: 'resource', id: r.id }, 10_000);
      assert.ok(done && done !== 'unanswered' && done.succeeded);
      const scopeId = (await resourceOf(id)).scopeId!;
      assert.deepEqual((await store.versions.allInOrder(scopeId)).map((v) => v.version.version), ['n1']);
    } finally {
      await checker.stop();
    }
  });

  test('a check request nobody takes is answered as unanswered, not after the whole wait', async () => {
    const t0 = Date.now();
    assert.equal(await requestCheck(store.notifier, { kind: 'resource', id: 999_999 }, 60_000), 'unanswered');
    assert.ok(Date.now() - t0 < 15_000);
  });

  test('resources of paused pipelines are not checked on schedule', async () => {
    await savePipeline('sleeping', `resources: [{name: r, type: mock, source: {initial_version: p1}}]\njobs: [{name: j, plan: [{get: r}]}]`, true);
    const runner = counting();
    await new Checker({ store, runner }).scanOnce();
    assert.equal(runner.calls.filter((c) => c.source.initial_version === 'p1').length, 0);
  });
});
