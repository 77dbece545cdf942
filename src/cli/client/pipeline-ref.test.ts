import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { formatPipelineRef, parseInstanceVars, parseJobFlag, parsePipelineFlag, refQuery } from './pipeline-ref';

describe('pipeline references', () => {
  test('a plain name has no instance vars', () => {
    assert.deepEqual(parsePipelineFlag('main'), { name: 'main' });
    assert.equal(refQuery({ name: 'main' }), '');
  });

  test('name/key:value,... gives YAML-typed instance vars', () => {
    assert.deepEqual(parsePipelineFlag('app/branch:main,pr:12'), { name: 'app', instanceVars: { branch: 'main', pr: 12 } });
  });

  test('dotted keys nest and quoted values keep commas and colons', () => {
    assert.deepEqual(parseInstanceVars('a.b:1,c:"x,y:z"'), { a: { b: 1 }, c: 'x,y:z' });
    assert.deepEqual(parseInstanceVars('list:[1,2],m:{k: v}'), { list: [1, 2], m: { k: 'v' } });
  });

  test('text without key:value pairs is refused with the expected shape', () => {
    assert.throws(() => parseInstanceVars('justtext'), /instance vars should be formatted as <key1:value1>\(,<key2:value2>\)/);
  });

  test('a job reference splits at the last slash', () => {
    assert.deepEqual(parseJobFlag('app/branch:main/unit'), { pipeline: { name: 'app', instanceVars: { branch: 'main' } }, job: 'unit' });
    assert.deepEqual(parseJobFlag('app/unit'), { pipeline: { name: 'app' }, job: 'unit' });
    assert.throws(() => parseJobFlag('app'), /argument format should be <pipeline>\/<job>/);
  });

  test('formats back to what people type, keys sorted, odd strings quoted', () => {
    assert.equal(formatPipelineRef({ name: 'app', instanceVars: { pr: 12, branch: 'main' } }), 'app/branch:main,pr:12');
    assert.equal(formatPipelineRef({ name: 'app', instanceVars: { a: { b: 'x y' } } }), 'app/a.b:"x y"');
    assert.equal(formatPipelineRef({ name: 'app', instanceVars: { v: '12' } }), 'app/v:"12"');
  });

  test('the query names each flattened var with a JSON value, as fly sends it', () => {
    assert.equal(refQuery({ name: 'app', instanceVars: { branch: 'main', n: { x: 1 } } }), '?vars.branch=%22main%22&vars.n.x=1');
  });
});
