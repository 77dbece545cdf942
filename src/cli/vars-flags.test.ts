import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadInstanceVars, loadVarFlags } from './vars-flags';

let dir: string;
let first: string;
let second: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gantry-vars-'));
  first = path.join(dir, 'first.yml');
  second = path.join(dir, 'second.yml');
  await writeFile(first, 'a: from-first\nb: from-first\nnested: {x: 1, z: 2}\n');
  await writeFile(second, 'b: from-second\nc: from-second\n');
});
after(() => rm(dir, { recursive: true, force: true }));

describe('loadVarFlags', () => {
  test('-v gives strings, -y gives YAML values', async () => {
    const vars = await loadVarFlags({ var: ['n=42', 'url=http://h/?a=b'], yamlVar: ['m=42', 'l=[a, {b: c}]'] });
    assert.deepEqual(vars, { n: '42', url: 'http://h/?a=b', m: 42, l: ['a', { b: 'c' }] });
    assert.deepEqual(await loadVarFlags({ yamlVar: ['on=yes'], var: ['s=yes'] }), { on: true, s: 'yes' });
  });

  test('k.sub=v sets a nested field, and pairs for one name merge', async () => {
    const vars = await loadVarFlags({ var: ['db.user=admin', 'db.pass=pw', '"a.b".c=quoted'] });
    assert.deepEqual(vars, { db: { user: 'admin', pass: 'pw' }, 'a.b': { c: 'quoted' } });
  });

  test('a later -l file wins over an earlier one', async () => {
    const vars = await loadVarFlags({ loadVarsFrom: [first, second] });
    assert.deepEqual(vars, { a: 'from-first', b: 'from-second', c: 'from-second', nested: { x: 1, z: 2 } });
  });

  test('flags win over files; a flagged name hides the whole file value, as in fly', async () => {
    const vars = await loadVarFlags({ loadVarsFrom: [first, second], var: ['b=from-flag', 'nested.x=9'] });
    assert.deepEqual(vars, { a: 'from-first', b: 'from-flag', c: 'from-second', nested: { x: '9' } });
  });

  test('-y wins over -v, and -i wins over both', async () => {
    const vars = await loadVarFlags({ var: ['k=v', 'j=v'], yamlVar: ['k=1', 'j=2'], instanceVar: ['j=3'] });
    assert.deepEqual(vars, { k: 1, j: 3 });
  });

  test('no flags give no vars', async () => {
    assert.deepEqual(await loadVarFlags({}), {});
  });

  test('errors name the flag and the bad value', async () => {
    await assert.rejects(loadVarFlags({ var: ['novalue'] }), {
      message: "-v/--var: invalid variable pair 'novalue' (must be name=value)",
    });
    await assert.rejects(loadVarFlags({ yamlVar: ['k={a: b'] }), /-y\/--yaml-var: invalid YAML value in 'k=\{a: b': /);
    await assert.rejects(loadVarFlags({ var: ['"src":x=1'] }), /-v\/--var: invalid var '"src":x': source must not be quoted/);
    const missing = path.join(dir, 'nope.yml');
    await assert.rejects(loadVarFlags({ loadVarsFrom: [missing] }), {
      message: new RegExp(`^-l/--load-vars-from: could not read template variables file \\(${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`),
    });
  });

  test('a vars file that is not a map is refused', async () => {
    const list = path.join(dir, 'list.yml');
    await writeFile(list, '- a\n- b\n');
    await assert.rejects(loadVarFlags({ loadVarsFrom: [list] }), /must hold a map of names to values/);
    const broken = path.join(dir, 'broken.yml');
    await writeFile(broken, 'fine: 1\nkey: value: other\n');
    await assert.rejects(loadVarFlags({ loadVarsFrom: [broken] }), (err: Error) => {
      assert.match(err.message, /broken\.yml:2:\d+: error: -l\/--load-vars-from: could not unmarshal template variables: /);
      return true;
    });
  });
});

describe('loadInstanceVars', () => {
  test('parses YAML values and nests fields', () => {
    assert.deepEqual(loadInstanceVars({ instanceVar: ['branch=feature/x', 'cfg.n=3', 'cfg.on=true'] }), {
      branch: 'feature/x',
      cfg: { n: 3, on: true },
    });
  });
});
