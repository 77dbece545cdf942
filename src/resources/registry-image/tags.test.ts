import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromCursor, semverVersions } from './tags';
import { readSource } from './source';
import { parseRepository } from './reference';

const src = (extra: Record<string, unknown> = {}) => readSource({ repository: 'example/app', ...extra });

test('semver tags come in version order, one per digest, the most specific tag winning', () => {
  const digests = new Map([['1.10.0', 'd3'], ['1.2', 'd2'], ['1.2.3', 'd2'], ['1.9.0', 'd1'], ['latest', 'd3'], ['edge', 'd9']]);
  assert.deepEqual(semverVersions(digests, src()), [
    { tag: '1.2.3', digest: 'd2' }, { tag: '1.9.0', digest: 'd1' }, { tag: '1.10.0', digest: 'd3' },
  ]);
});

test('latest comes last when it is not one of the semver digests', () => {
  assert.deepEqual(semverVersions(new Map([['1.0.0', 'a'], ['latest', 'b']]), src()), [{ tag: '1.0.0', digest: 'a' }, { tag: 'latest', digest: 'b' }]);
});

test('a variant keeps only its suffixed tags; pre-releases need pre_releases', () => {
  const digests = new Map([['1.0.0', 'a'], ['1.0.0-alpine', 'b'], ['1.1.0-rc.1-alpine', 'c']]);
  assert.deepEqual(semverVersions(digests, src({ variant: 'alpine' })), [{ tag: '1.0.0-alpine', digest: 'b' }]);
  assert.deepEqual(semverVersions(digests, src({ variant: 'alpine', pre_releases: true })),
    [{ tag: '1.0.0-alpine', digest: 'b' }, { tag: '1.1.0-rc.1-alpine', digest: 'c' }]);
});

test('from a known version, the list starts there', () => {
  const all = [{ tag: '1', digest: 'a' }, { tag: '2', digest: 'b' }, { tag: '3', digest: 'c' }];
  assert.deepEqual(fromCursor(all, { tag: '2', digest: 'b' }), all.slice(1));
  assert.deepEqual(fromCursor(all, { tag: '2', digest: 'stale' }), all);
});

test('repositories: Docker Hub by default, library/ for single names, http for loopback and insecure', () => {
  assert.deepEqual(parseRepository('busybox'), { host: 'registry-1.docker.io', name: 'library/busybox', baseUrl: 'https://registry-1.docker.io' });
  assert.deepEqual(parseRepository('concourse/concourse').name, 'concourse/concourse');
  assert.deepEqual(parseRepository('ghcr.io/org/img'), { host: 'ghcr.io', name: 'org/img', baseUrl: 'https://ghcr.io' });
  assert.equal(parseRepository('127.0.0.1:5000/x/y').baseUrl, 'http://127.0.0.1:5000');
  assert.equal(parseRepository('localhost:5000/y').baseUrl, 'http://localhost:5000');
  assert.equal(parseRepository('registry.lan:5000/y', { insecure: true }).baseUrl, 'http://registry.lan:5000');
});
