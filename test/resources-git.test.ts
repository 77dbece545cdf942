// The git resource type against real repositories: check order and filters, in metadata
// files, out pushes (plain, rebase, tags).
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { defaultBuiltins } from '../src/resources/builtin/registry';
import { join } from 'node:path';
import { createGitType } from '../src/resources/git';
import { putInputs } from '../src/resources/builtin/put-inputs';
import { GitRepo, resourceContext, tempDir } from './testkit/git-repo';

const cacheDir = tempDir('gantry-git-cache-');
const git = createGitType({ cacheDir });
const cleanup: (() => void)[] = [() => rmSync(cacheDir, { recursive: true, force: true })];
after(() => cleanup.forEach((f) => f()));

function repo(): GitRepo {
  const r = GitRepo.init();
  cleanup.push(() => r.remove());
  return r;
}

const check = (source: Record<string, unknown>, version: Record<string, string> | null = null) =>
  git.check(resourceContext(), { source, version });

describe('git check', () => {
  test('first check returns only the latest commit; later checks every new commit oldest first, from the given one', async () => {
    const r = repo();
    r.commit('one');
    const two = r.commit('two');
    assert.deepEqual(await check({ uri: r.dir, branch: 'main' }), [{ ref: two }]);
    const three = r.commit('three');
    const four = r.commit('four');
    assert.deepEqual(await check({ uri: r.dir, branch: 'main' }, { ref: two }), [{ ref: two }, { ref: three }, { ref: four }]);
    assert.deepEqual(await check({ uri: r.uri, branch: 'main' }, { ref: four }), [{ ref: four }]);
  });

  test('a version that no longer exists (force-push) falls back to the latest commit', async () => {
    const r = repo();
    const head = r.commit('only');
    assert.deepEqual(await check({ uri: r.dir, branch: 'main' }, { ref: 'f'.repeat(40) }), [{ ref: head }]);
  });

  test('paths and ignore_paths decide which commits are versions', async () => {
    const r = repo();
    const base = r.commit('base', { 'src/a.ts': '1', 'docs/a.md': '1' });
    const src1 = r.commit('src change', { 'src/a.ts': '2' });
    r.commit('docs change', { 'docs/a.md': '2' });
    const src2 = r.commit('src again', { 'src/b.ts': '1' });
    r.commit('readme', { 'README.md': 'x' });
    assert.deepEqual(await check({ uri: r.dir, branch: 'main', paths: ['src/*'] }, { ref: base }), [{ ref: base }, { ref: src1 }, { ref: src2 }]);
    const notDocs = await check({ uri: r.dir, branch: 'main', ignore_paths: ['docs/*'] }, { ref: base });
    assert.equal(notDocs.length, 4);
    assert.ok(!notDocs.some((v) => r.git('log', '-1', '--format=%s', v.ref!) === 'docs change'));
    assert.deepEqual(await check({ uri: r.dir, branch: 'main', paths: ['src/*'] }), [{ ref: src2 }]);
  });

  test('[ci skip] and [skip ci] commits are skipped unless disable_ci_skip', async () => {
    const r = repo();
    const a = r.commit('a');
    r.commit('b [ci skip]');
    r.commit('c [skip ci]');
    assert.deepEqual(await check({ uri: r.dir, branch: 'main' }), [{ ref: a }]);
    assert.equal((await check({ uri: r.dir, branch: 'main', disable_ci_skip: true }, { ref: a })).length, 3);
  });

  test('branch selects the branch; without it the default branch is tracked', async () => {
    const r = repo();
    const m = r.commit('on main');
    r.branch('feature', { checkout: true });
    const f = r.commit('on feature');
    r.checkout('main');
    assert.deepEqual(await check({ uri: r.dir, branch: 'feature' }), [{ ref: f }]);
    assert.deepEqual(await check({ uri: r.dir }), [{ ref: m }]);
    await assert.rejects(check({ uri: r.dir, branch: 'nope' }), /branch 'nope' not found/);
  });

  test('tag_filter and tag_regex: versions are matching tags in creation order', async () => {
    const r = repo();
    r.commit('one'); r.tag('v1.0.0');
    const c2 = r.commit('two'); r.tag('v1.1.0'); r.tag('other-1');
    const c3 = r.commit('three'); r.tag('v2.0.0', { message: 'annotated' });
    r.commit('untagged');
    assert.deepEqual(await check({ uri: r.dir, branch: 'main', tag_filter: 'v*' }), [{ ref: 'v2.0.0', commit: c3 }]);
    assert.deepEqual(await check({ uri: r.dir, branch: 'main', tag_filter: 'v*' }, { ref: 'v1.1.0' }),
      [{ ref: 'v1.1.0', commit: c2 }, { ref: 'v2.0.0', commit: c3 }]);
    assert.deepEqual(await check({ uri: r.dir, tag_regex: 'other-[0-9]+' }), [{ ref: 'other-1', commit: c2 }]);
    await assert.rejects(check({ uri: r.dir, tag_filter: 'v*', tag_regex: 'v.*' }), /Cannot provide both tag_filter and tag_regex/);
  });

  test('checkWithMetadata: the same versions, each with its commit metadata as in reports it', async () => {
    const r = repo();
    const c1 = r.commit('first line\n\nbody');
    const c2 = r.commit('second');
    r.tag('v1.0.0', { at: c1 });
    const fields = (m: { name: string; value: string }[] | undefined) => Object.fromEntries((m ?? []).map((f) => [f.name, f.value]));
    const found = await git.checkWithMetadata!(resourceContext(), { source: { uri: r.dir, branch: 'main' }, version: { ref: c1 } });
    assert.deepEqual(found.map((f) => f.version), await check({ uri: r.dir, branch: 'main' }, { ref: c1 }));
    assert.deepEqual(fields(found[0]!.metadata), {
      commit: c1, author: 'Ada Author', author_date: '2024-01-01 12:01:00 +0000', committer: 'Ada Author',
      committer_date: '2024-01-01 12:01:00 +0000', branch: 'main', message: 'first line\n\nbody',
    });
    assert.equal(fields(found[1]!.metadata).message, 'second');
    assert.equal(fields(found[1]!.metadata).commit, c2);
    const tags = await git.checkWithMetadata!(resourceContext(), { source: { uri: r.dir, tag_filter: 'v*' }, version: null });
    assert.deepEqual(tags.map((t) => [t.version, fields(t.metadata).commit, fields(t.metadata).tags, fields(t.metadata).branch]),
      [[{ ref: 'v1.0.0', commit: c1 }, c1, 'v1.0.0', undefined]]);
  });

  test('nothing in a source can make git run a program on the worker', async () => {
    const r = repo();
    r.commit('a');
    const marker = join(cacheDir, 'pwned');
    await assert.rejects(check({ uri: `--upload-pack=touch ${marker}`, branch: 'main' }), /source.uri must not start with "-"/);
    await assert.rejects(check({ uri: r.dir, branch: '--upload-pack=x' }), /source.branch must not start with "-"/);
    for (const name of ['core.fsmonitor', 'core.sshCommand', 'credential.helper', 'filter.x.smudge', 'protocol.ext.allow', 'core.hooksPath', 'alias.st']) {
      await assert.rejects(check({ uri: r.dir, branch: 'main', git_config: [{ name, value: `touch ${marker}` }] }), /is not allowed in the built-in git type/);
    }
    await assert.rejects(check({ uri: r.dir, branch: 'main', git_config: [{ name: 'http.extraHeader', value: '!touch x' }] }), /shell command values/);
    assert.equal(existsSync(marker), false);
    assert.equal((await check({ uri: r.dir, branch: 'main', git_config: [{ name: 'core.bigFileThreshold', value: '10m' }] })).length, 1);
  });

  test('unknown source keys and a missing uri fail the check', async () => {
    await assert.rejects(check({ uri: '/x', brnach: 'main' }), /unknown keys in source:\n"brnach"/);
    await assert.rejects(check({ branch: 'main' }), /source.uri is required/);
  });
});

describe('git in', () => {
  test('checks out the exact commit with the .git/* files and metadata', async () => {
    const r = repo();
    const first = r.commit('first commit\n\nwith a body', { 'a.txt': 'one\n' });
    r.tag('v1', { message: 'release 1' });
    r.commit('second', { 'a.txt': 'two\n' });
    const dest = tempDir();
    cleanup.push(() => rmSync(dest, { recursive: true, force: true }));
    const res = await git.in(resourceContext(), dest, { source: { uri: r.dir, branch: 'main' }, version: { ref: first }, params: {} });
    assert.deepEqual(res.version, { ref: first });
    assert.equal(readFileSync(join(dest, 'a.txt'), 'utf8'), 'one\n');
    const file = (n: string) => readFileSync(join(dest, '.git', n), 'utf8');
    assert.equal(file('ref').trim(), first);
    assert.equal(file('short_ref'), first.slice(0, 7));
    assert.equal(file('commit_message'), 'first commit\n\nwith a body');
    assert.equal(file('committer'), 'ada@example.com');
    assert.equal(file('author').trim(), 'Ada Author');
    assert.equal(file('tags').trim(), 'v1');
    assert.equal(file('describe_ref').trim(), 'v1');
    const meta = Object.fromEntries(res.metadata!.map((m) => [m.name, m.value]));
    assert.equal(meta.commit, first);
    assert.equal(meta.author, 'Ada Author');
    assert.equal(meta.message, 'first commit\n\nwith a body');
    assert.equal(meta.tags, 'v1');
    assert.equal(meta.branch, 'main');
    assert.match(meta.author_date!, /^2024-01-01 12:01:00 \+0000$/);
    assert.equal(r.git('-C', dest, 'remote', 'get-url', 'origin'), r.dir);
  });

  test('depth gives a shallow clone; clean_tags removes tags', async () => {
    const r = repo();
    r.commit('a'); r.tag('t1'); r.commit('b'); const c = r.commit('c');
    const dest = tempDir();
    cleanup.push(() => rmSync(dest, { recursive: true, force: true }));
    await git.in(resourceContext(), dest, { source: { uri: r.dir, branch: 'main' }, version: { ref: c }, params: { depth: 1, clean_tags: true } });
    assert.equal(r.git('-C', dest, 'rev-list', '--count', 'HEAD'), '1');
    assert.equal(r.git('-C', dest, 'tag'), '');
  });
});

describe('git in: submodules and registration', () => {
  test('submodules are checked out by default, skipped with submodules: none', async () => {
    const sub = repo();
    sub.commit('sub content', { 'lib.txt': 'from the submodule\n' });
    const parent = repo();
    parent.commit('base', { 'main.txt': 'm' });
    parent.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/lib');
    const sha = parent.commit('add submodule', {});
    const withSubs = tempDir();
    const without = tempDir();
    cleanup.push(() => rmSync(withSubs, { recursive: true, force: true }), () => rmSync(without, { recursive: true, force: true }));
    await git.in(resourceContext(), withSubs, { source: { uri: parent.dir, branch: 'main' }, version: { ref: sha }, params: {} });
    assert.equal(readFileSync(join(withSubs, 'vendor/lib/lib.txt'), 'utf8'), 'from the submodule\n');
    await git.in(resourceContext(), without, { source: { uri: parent.dir, branch: 'main' }, version: { ref: sha }, params: { submodules: 'none' } });
    assert.equal(existsSync(join(without, 'vendor/lib/lib.txt')), false);
  });

  test('git, time, semver and pool are default built-ins beside mock and registry-image', () => {
    assert.deepEqual(defaultBuiltins().names(), ['git', 'mock', 'pool', 'registry-image', 'semver', 'time']);
  });
});

describe('git out', () => {
  function workCopy(origin: GitRepo): { dir: string; repo: GitRepo } {
    const parent = tempDir();
    cleanup.push(() => rmSync(parent, { recursive: true, force: true }));
    const dir = join(parent, 'repo');
    new GitRepo(parent).git('clone', '-q', origin.dir, dir);
    return { dir: parent, repo: new GitRepo(dir) };
  }

  test('pushes a commit and a tag with tag_prefix; the version is the pushed commit', async () => {
    const origin = repo();
    origin.commit('base');
    const w = workCopy(origin);
    const sha = w.repo.commit('release notes', { 'NOTES.md': 'hi' });
    mkdirSync(join(w.dir, 'meta'));
    writeFileSync(join(w.dir, 'meta', 'version'), '1.2.3\n');
    const out = await git.out(resourceContext(), putInputs({ repo: w.repo.dir, meta: join(w.dir, 'meta') }),
      { source: { uri: origin.dir, branch: 'main' }, params: { repository: 'repo', tag: 'meta/version', tag_prefix: 'v' } });
    assert.deepEqual(out.version, { ref: sha });
    assert.equal(origin.head('main'), sha);
    assert.equal(origin.head('v1.2.3^{commit}'), sha);
  });

  test('a non-fast-forward push fails without rebase and succeeds with it (rebased onto the remote)', async () => {
    const origin = repo();
    origin.commit('base', { 'a.txt': 'a' });
    const w = workCopy(origin);
    w.repo.commit('mine', { 'mine.txt': 'm' });
    const theirs = origin.commit('theirs', { 'theirs.txt': 't' });
    const params = { repository: 'repo' };
    await assert.rejects(git.out(resourceContext(), putInputs({ repo: w.repo.dir }), { source: { uri: origin.dir, branch: 'main' }, params }), /rejected/);
    const out = await git.out(resourceContext(), putInputs({ repo: w.repo.dir }),
      { source: { uri: origin.dir, branch: 'main' }, params: { ...params, rebase: true } });
    assert.equal(origin.head('main'), out.version.ref);
    assert.deepEqual(origin.log('main').slice(0, 3), ['mine', 'theirs', 'base']);
    assert.equal(origin.head('main~1'), theirs);
    assert.equal(w.repo.log()[0], 'mine', 'the input repository itself is untouched');
    assert.equal(w.repo.git('rev-list', '--count', 'HEAD'), '2');
  });

  test('only_tag pushes just the tag; missing branch or repository are refused', async () => {
    const origin = repo();
    const base = origin.commit('base');
    const w = workCopy(origin);
    w.repo.commit('local only');
    writeFileSync(join(w.dir, 'tagname'), 'rc-1');
    await git.out(resourceContext(), putInputs({ repo: w.repo.dir, tagname: join(w.dir, 'tagname') }), {
      source: { uri: origin.dir }, params: { repository: 'repo', only_tag: true, tag: 'tagname' },
    });
    assert.equal(origin.head('main'), base);
    assert.equal(origin.head('rc-1^{commit}'), w.repo.head());
    await assert.rejects(git.out(resourceContext(), putInputs({ repo: w.repo.dir }), { source: { uri: origin.dir }, params: { repository: 'repo' } }), /missing branch/);
    await assert.rejects(git.out(resourceContext(), putInputs({}), { source: { uri: origin.dir, branch: 'main' }, params: {} }), /missing repository/);
  });
});
