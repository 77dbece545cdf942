import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceError } from '../../ports/resource-runner';
import { WorkerRuntimeError } from '../../ports/worker-runtime';
import { decodeBytes, encodeBytes, fromWireError, keyMatches, statusOf, toWireError } from './wire';

test('keys match only exactly; empty keys never match', () => {
  assert.equal(keyMatches('s3cret', 's3cret'), true);
  assert.equal(keyMatches('s3cre', 's3cret'), false);
  assert.equal(keyMatches('s3cret ', 's3cret'), false);
  assert.equal(keyMatches(undefined, 's3cret'), false);
  assert.equal(keyMatches('', ''), false);
});

test('typed errors keep their code, stderr and exit code across the wire', () => {
  const rt = fromWireError(toWireError(new WorkerRuntimeError('unsafe-archive', 'entry ../x escapes')));
  assert.ok(rt instanceof WorkerRuntimeError);
  assert.equal((rt as WorkerRuntimeError).code, 'unsafe-archive');
  assert.equal(statusOf(toWireError(new WorkerRuntimeError('not-found', 'gone'))), 404);
  const res = fromWireError(toWireError(new ResourceError('script-failed', 'failed', { stderr: 'boom', exitCode: 2 })));
  assert.ok(res instanceof ResourceError);
  assert.deepEqual([(res as ResourceError).code, (res as ResourceError).stderr, (res as ResourceError).exitCode], ['script-failed', 'boom', 2]);
  assert.equal(fromWireError(toWireError(new Error('plain'))).message, 'plain');
});

test('stdin bytes survive JSON as base64; text stays text', () => {
  const bytes = new Uint8Array([0, 255, 10, 13]);
  assert.deepEqual([...(decodeBytes(JSON.parse(JSON.stringify(encodeBytes(bytes)))) as Uint8Array)], [0, 255, 10, 13]);
  assert.equal(decodeBytes(encodeBytes('hello')), 'hello');
});
