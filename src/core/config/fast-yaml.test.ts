// The fast reader must give exactly what the `yaml` package gives, or step
// aside (undefined). Checked over every Concourse example, the benchmark's
// generated pipeline and a set of tricky snippets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fastParseYaml } from './fast-yaml';
import { YAML_OPTIONS } from './yaml-options';
import { generatePipeline } from '../../../bench/validate-pipeline';

function reference(text: string): unknown {
  const docs = parseAllDocuments(text, { ...YAML_OPTIONS });
  const list = Array.isArray(docs) ? docs : [];
  return list[0] ? list[0].toJS() : null;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}

const SNIPPETS: string[] = [
  'a: 1\nb: -2\nc: 0x1F\nd: 017\ne: 1_000\nf: 1.5\ng: .inf\nh: ~\ni: null\nj:\nk: yes\nl: Off\nm: n\n',
  'a: "quoted: yes"\nb: \'it\'\'s\'\nc: "tab\\tand \\u00e9"\nd: plain text with spaces   # comment\ne: http://x.y/z?a=b#frag\n',
  'list:\n- a\n- "b"\n-\n- - nested\n',
  'key:\n- indentless\n- list\nnext: 1\n',
  'seq:\n  - name: a\n    value: 1\n  -   name: b\n      value: 2\n',
  'flow: {a: 1, "b c": [x, "y", {z: 2}], d: []}\nempty: {}\nlist: [1, two, 3.0, true, ~]\n',
  'lit: |\n  line 1\n    indented\n\n  line 3\nstrip: |-\n  x\n\nkeep: |+\n  y\n\n\nfold: >\n  a\n  b\n\n  c\nafter: 1\n',
  'top: |\n  trailing at end\n',
  '---\njobs: []\n',
  'anchored: &a {x: 1}\nalias: *a\n',
  'multi: line\n  plain scalar\n',
  'a: 1\na: 2\n',
  'a: [1,\n  2]\n',
  'a: 1\n---\nb: 2\n',
  '"quoted key": 1\n\'single\': 2\n1.10: x\non: y\n',
  'a: "unterminated\n',
  '# only a comment\n',
  'a:\n\tb: 1\n',
  'args: [-c, "echo a: b", \'x, y\']\n',
  'a: - b\n',
  'a: b: c\n',
  'k: 2001-12-14\nt: 1:30\n',
];

test('the fast reader agrees with the yaml package or steps aside', () => {
  const texts = [
    ...files(resolve('../shared/fixtures/concourse-examples')).map((f) => readFileSync(f, 'utf8')),
    generatePipeline(20),
    ...SNIPPETS,
  ];
  let fast = 0;
  for (const text of texts) {
    const got = fastParseYaml(text);
    if (!got) continue;
    fast++;
    assert.deepEqual(got.value, reference(text), text.slice(0, 200));
  }
  assert.ok(fast >= 40, `the fast path handled only ${fast} of ${texts.length} documents`);
});

test('it reads typical pipelines itself and steps aside for anchors, aliases and multi-line scalars', () => {
  assert.ok(fastParseYaml(generatePipeline(5)));
  assert.ok(fastParseYaml(readFileSync(resolve('../shared/fixtures/concourse-examples/pipelines/hello-world.yml'), 'utf8')));
  assert.equal(fastParseYaml('anchored: &a {x: 1}\nalias: *a\n'), undefined);
  assert.equal(fastParseYaml('multi: line\n  plain scalar\n'), undefined);
  assert.equal(fastParseYaml('a: 1\na: 2\n'), undefined);
});

test('on thousands of seeded random edits of the examples it never accepts what yaml rejects or reads differently', () => {
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const bases = [
    ...files(resolve('../shared/fixtures/concourse-examples')).map((f) => readFileSync(f, 'utf8')),
    generatePipeline(3),
  ].filter((t) => fastParseYaml(t));
  const pieces = [':', ' ', '-', '"', "'", '#', '[', ']', '{', '}', ',', '\n', '  ', 'a', '|', '>', '&', '*', '- ', ': ', '0'];
  let checked = 0;
  for (let k = 0; k < 1500; k++) {
    let text = bases[rnd(bases.length)]!;
    for (let e = 1 + rnd(3); e > 0; e--) {
      const pos = rnd(text.length);
      text = rnd(2) ? text.slice(0, pos) + pieces[rnd(pieces.length)] + text.slice(pos) : text.slice(0, pos) + text.slice(pos + 1 + rnd(3));
    }
    const fast = fastParseYaml(text);
    if (!fast) continue;
    checked++;
    const docs = parseAllDocuments(text, { ...YAML_OPTIONS });
    const list = Array.isArray(docs) ? docs : [];
    assert.equal(list.flatMap((d) => [...d.errors, ...d.warnings]).length, 0, text);
    assert.equal(list.length <= 1, true, text);
    assert.deepEqual(fast.value, list[0] ? list[0].toJS() : null, text);
  }
  assert.ok(checked > 300, `only ${checked} edited documents took the fast path`);
});
