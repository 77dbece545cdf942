// The semver resource type: the bump rules as named examples, and check/in/out on the git
// driver (a real repository) and Gantry's file driver, including concurrent bumps.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyBump, compareSemver, createSemverType, formatSemver, parseSemver, type BumpParams } from '../src/resources/semver';
import { putInputs } from '../src/resources/builtin/put-inputs';
import { GitRepo, resourceContext, tempDir } from './testkit/git-repo';

const cacheDir = tempDir('gantry-semver-cache-');
const stateDir = tempDir('gantry-semver-state-');
const semver = createSemverType({ cacheDir, stateDir });
const cleanup: (() => void)[] = [() => rmSync(cacheDir, { recursive: true, force: true }), () => rmSync(stateDir, { recursive: true, force: true })];
after(() => cleanup.forEach((f) => f()));
const ctx = resourceContext;

describe('bump examples (semver-resource semantics)', () => {
  const examples: [string, BumpParams, string][] = [
    ['1.2.3', { bump: 'major' }, '2.0.0'],
    ['0.1.0', { bump: 'minor' }, '0.2.0'],
    ['0.0.1', { bump: 'patch' }, '0.0.2'],
    ['1.0.0-rc.1', { bump: 'final' }, '1.0.0'],
    ['1.2.3', { pre: 'rc' }, '1.2.3-rc.1'],
    ['1.2.3-rc.1', { pre: 'rc' }, '1.2.3-rc.2'],
    ['1.2.3-alpha.4', { pre: 'beta' }, '1.2.3-beta.1'],
    ['1.2.3', { bump: 'minor', pre: 'rc' }, '1.3.0-rc.1'],
    ['1.3.0-rc.2', { bump: 'minor', pre: 'rc' }, '1.4.0-rc.1'],
    ['1.2.4-SNAPSHOT', { bump: 'major' }, '2.0.0'],
    ['1.2.4-SNAPSHOT', { bump: 'minor' }, '1.3.0'],
    ['1.2.4-SNAPSHOT', { bump: 'final' }, '1.2.4'],
    ['1.2.3', { bump: 'patch', pre: 'SNAPSHOT', pre_without_version: true }, '1.2.4-SNAPSHOT'],
    ['1.2.3', { pre: 'alpha', build: 'test' }, '1.2.3-alpha.1+test.1'],
    ['1.2.3+test.1', { build: 'test' }, '1.2.3+test.2'],
    ['1.2.3', {}, '1.2.3'],
  ];
  for (const [from, params, to] of examples) {
    test(`${from} with ${JSON.stringify(params)} → ${to}`, () => {
      assert.equal(formatSemver(applyBump(parseSemver(from), params)), to);
    });
  }

  test('invalid versions are refused and precedence follows semver.org', () => {
    assert.throws(() => parseSemver('v1.2.3'), /invalid semantic version/);
    assert.throws(() => parseSemver('1.2'), /invalid semantic version/);
    const sorted = ['1.0.0', '1.0.0-rc.1', '1.0.0-alpha', '1.0.0-alpha.1', '0.9.9', '1.0.0-beta.11', '1.0.0-beta.2']
      .map(parseSemver).sort(compareSemver).map(formatSemver);
    assert.deepEqual(sorted, ['0.9.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0']);
  });
});

describe('semver git driver', () => {
  const work = GitRepo.init();
  work.commit('code', { 'README.md': 'app\n' });
  const origin = work.bareClone();
  cleanup.push(() => work.remove(), () => origin.remove());
  const source = { driver: 'git', uri: origin.dir, branch: 'version', file: 'version', initial_version: '0.1.0', git_user: 'Release Bot <bot@example.com>' };

  test('check on a branch that does not exist yet returns initial_version', async () => {
    assert.deepEqual(await semver.check(ctx(), { source, version: null }), [{ number: '0.1.0' }]);
  });

  test('put bump starts from initial_version, commits on the branch, check sees it', async () => {
    const out = await semver.out(ctx(), putInputs({}), { source, params: { bump: 'minor' } });
    assert.deepEqual(out.version, { number: '0.2.0' });
    assert.deepEqual(out.metadata, [{ name: 'number', value: '0.2.0' }]);
    assert.equal(origin.git('show', 'version:version'), '0.2.0');
    assert.equal(origin.git('log', '-1', '--format=%s <%ae> %an', 'version'), 'bump to 0.2.0 <bot@example.com> Release Bot');
    assert.deepEqual(await semver.check(ctx(), { source, version: null }), [{ number: '0.2.0' }]);
  });

  test('put file sets the version; check from an older cursor lists the history since it', async () => {
    const dir = tempDir();
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'v'));
    writeFileSync(join(dir, 'v', 'number'), '1.0.0-rc.1\n');
    await semver.out(ctx(), putInputs({ v: join(dir, 'v') }), { source: { ...source, commit_message: 'set %file% to %version%' }, params: { file: 'v/number' } });
    assert.equal(origin.git('log', '-1', '--format=%s', 'version'), 'set version to 1.0.0-rc.1');
    await semver.out(ctx(), putInputs({}), { source, params: { bump: 'final' } });
    assert.deepEqual(await semver.check(ctx(), { source, version: { number: '0.2.0' } }),
      [{ number: '0.2.0' }, { number: '1.0.0-rc.1' }, { number: '1.0.0' }]);
    assert.deepEqual(await semver.check(ctx(), { source, version: { number: '1.0.0' } }), [{ number: '1.0.0' }]);
  });

  test('concurrent put bumps both land (compare-and-swap through push rejection)', async () => {
    const before = (await semver.check(ctx(), { source, version: null }))[0]!.number!;
    const results = await Promise.all([1, 2, 3].map(() => semver.out(ctx(), putInputs({}), { source, params: { bump: 'patch' } })));
    const numbers = results.map((r) => r.version.number).sort();
    assert.deepEqual(numbers, ['1.0.1', '1.0.2', '1.0.3']);
    assert.equal(before, '1.0.0');
    assert.equal(origin.git('show', 'version:version'), '1.0.3');
  });

  test('get with bump params bumps locally only and writes number and version files', async () => {
    const dir = tempDir();
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const res = await semver.in(ctx(), dir, { source, version: { number: '1.0.3' }, params: { bump: 'minor', pre: 'rc' } });
    assert.deepEqual(res.version, { number: '1.0.3' });
    assert.equal(readFileSync(join(dir, 'number'), 'utf8'), '1.1.0-rc.1');
    assert.equal(readFileSync(join(dir, 'version'), 'utf8'), '1.1.0-rc.1');
    assert.equal(origin.git('show', 'version:version'), '1.0.3');
  });
});

describe('semver file driver (Gantry addition)', () => {
  const source = { driver: 'file', file: 'apps/web', initial_version: '1.0.0' };

  test('check, bump, get_latest and set on a file in the worker store', async () => {
    assert.deepEqual(await semver.check(ctx(), { source, version: null }), [{ number: '1.0.0' }]);
    assert.deepEqual((await semver.out(ctx(), putInputs({}), { source, params: { bump: 'major', pre: 'beta' } })).version, { number: '2.0.0-beta.1' });
    assert.deepEqual((await semver.out(ctx(), putInputs({}), { source, params: { pre: 'beta' } })).version, { number: '2.0.0-beta.2' });
    assert.deepEqual((await semver.out(ctx(), putInputs({}), { source, params: { get_latest: true } })).version, { number: '2.0.0-beta.2' });
    assert.equal(readFileSync(join(stateDir, 'apps', 'web'), 'utf8'), '2.0.0-beta.2\n');
    const many = await Promise.all(Array.from({ length: 10 }, () => semver.out(ctx(), putInputs({}), { source, params: { pre: 'beta' } })));
    assert.equal(new Set(many.map((r) => r.version.number)).size, 10);
    assert.deepEqual(await semver.check(ctx(), { source, version: null }), [{ number: '2.0.0-beta.12' }]);
  });

  test('the file must stay inside the store; unknown drivers and empty puts are refused', async () => {
    await assert.rejects(semver.check(ctx(), { source: { driver: 'file', file: '../../etc/passwd' }, version: null }), /relative path inside/);
    await assert.rejects(semver.check(ctx(), { source: { driver: 'file', file: '/etc/passwd' }, version: null }), /relative path inside/);
    await assert.rejects(semver.check(ctx(), { source: { driver: 's3', bucket: 'b', key: 'k' }, version: null }), /driver "s3" is not available/);
    await assert.rejects(semver.out(ctx(), putInputs({}), { source, params: {} }), /no version bump specified/);
    await assert.rejects(semver.out(ctx(), putInputs({}), { source: { driver: 'git', uri: '/tmp/x', branch: 'v', file: '../../outside' }, params: { bump: 'patch' } }), /path inside the repository/);
  });
});
