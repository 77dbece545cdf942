// Tasks that run as a non-root user (`run.user`) on a real runc worker: they own their
// outputs, caches and copy-on-write inputs, as in Concourse, while the cached get they
// read stays as the resource made it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_USER } from './testkit/busybox-rootfs';
import { idOf, jobPlan, openHarness, runPlan, task, type Harness } from './engine-harness';

let h: Harness;
before(async () => { h = await openHarness(); });
after(async () => h.close());

const resources = [{ name: 'thing', type: 'mock', source: { create_files: { 'a.txt': 'hello' } } }];

describe('a task as a non-root user', () => {
  test('writes an output the next task reads, fills a cache and changes its input, leaving the get untouched', async () => {
    const writer = [
      'id -u; id -g',
      'echo made > out/made.txt',
      'mkdir -p out/deep && echo deeper > out/deep/x',
      'echo warm > cache/by-writer',
      'echo changed > thing/a.txt; echo new > thing/new.txt; rm thing/version',
    ].join('; ');
    const reader = [
      'id -u', 'cat out/made.txt out/deep/x thing/a.txt', 'test ! -e thing/new.txt',
      'echo appended >> out/made.txt; echo mine > thing/a.txt', 'echo by-reader > cache/by-reader',
    ].join('; ');
    const plan = jobPlan({ plan: [
      { get: 'thing' },
      task('write', writer, {}, { inputs: [{ name: 'thing' }], outputs: [{ name: 'out' }], caches: [{ path: 'cache' }], run: { path: 'sh', args: ['-ec', writer], user: TEST_USER.name } }),
      task('read', reader, {}, { inputs: [{ name: 'out' }, { name: 'thing' }], caches: [{ path: 'cache' }], run: { path: 'sh', args: ['-ec', reader], user: '65534:65534' } }),
    ] }, undefined, resources);
    const r = await runPlan(h, plan, { keepVolumes: true });
    assert.equal(r.status, 'succeeded', r.log.errors().join('\n') + r.log.text());
    assert.equal(r.log.text(idOf(plan, 'write')), `${TEST_USER.uid}\n${TEST_USER.gid}\n`);
    // The reader sees the writer's output, and its own copy of the get (not the writer's changes).
    assert.equal(r.log.text(idOf(plan, 'read')), '65534\nmade\ndeeper\nhello');
    const got = h.rt.volumes.lookup(r.artifacts.get('thing')!.volume)!.path;
    assert.equal(readFileSync(join(got, 'a.txt'), 'utf8'), 'hello');
    assert.equal(lstatSync(join(got, 'version')).uid, 0);
    assert.equal(lstatSync(join(got, 'a.txt')).uid, 0);
    const out = h.rt.volumes.lookup(r.artifacts.get('out')!.volume)!.path;
    assert.equal(readFileSync(join(out, 'made.txt'), 'utf8'), 'made\n'); // the reader wrote into its copy
    // Each step's cache (keyed by job, step and path) kept what its user wrote.
    const cacheOf = (step: string) => h.rt.volumes.list().find((v) => v.properties['gantry.task-cache']?.endsWith(`/${step}:cache`))!.path;
    assert.equal(readFileSync(join(cacheOf('write'), 'by-writer'), 'utf8'), 'warm\n');
    assert.equal(lstatSync(join(cacheOf('write'), 'by-writer')).uid, TEST_USER.uid);
    assert.equal(readFileSync(join(cacheOf('read'), 'by-reader'), 'utf8'), 'by-reader\n');
  });
});
