import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { FormatError, formatPipeline, formatTaskConfig } from './format';
import { YAML_OPTIONS } from './source';

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

function assertSameMeaning(before: string, after: string): void {
  assert.deepEqual(parse(after, YAML_OPTIONS), parse(before, YAML_OPTIONS));
}

describe('formatPipeline', () => {
  test('orders top-level keys, resources and jobs as Concourse declares them', () => {
    const input = lines(
      'jobs:',
      '- plan: []',
      '  serial: true',
      '  name: build',
      'resources:',
      '- source: {uri: x}',
      '  icon: github',
      '  type: git',
      '  check_every: 1m',
      '  name: repo',
      'groups:',
      '- resources: [repo]',
      '  jobs: [build]',
      '  name: all',
    );
    const expected = lines(
      'groups:',
      '- name: all',
      '  jobs: [build]',
      '  resources: [repo]',
      'resources:',
      '- name: repo',
      '  type: git',
      '  source: {uri: x}',
      '  check_every: 1m',
      '  icon: github',
      'jobs:',
      '- name: build',
      '  serial: true',
      '  plan: []',
    );
    assert.equal(formatPipeline(input), expected);
  });

  test('orders step fields, modifiers and hooks, recursing into nested steps', () => {
    const input = lines(
      'jobs:',
      '- name: j',
      '  plan:',
      '  - ensure: {put: out, params: {a: 1}, resource: r}',
      '    attempts: 2',
      '    trigger: true',
      '    get: src',
      '  - in_parallel:',
      '      fail_fast: true',
      '      steps:',
      '      - trigger: true',
      '        get: a',
      '      limit: 2',
      '  - do:',
      '    - file: f.yml',
      '      task: t',
      '    timeout: 1h',
      '  - across:',
      '    - values: [1, 2]',
      '      var: n',
      '    fail_fast: true',
      '    load_var: v',
      '    file: x',
    );
    const expected = lines(
      'jobs:',
      '- name: j',
      '  plan:',
      '  - get: src',
      '    trigger: true',
      '    attempts: 2',
      '    ensure: {put: out, resource: r, params: {a: 1}}',
      '  - in_parallel:',
      '      steps:',
      '      - get: a',
      '        trigger: true',
      '      limit: 2',
      '      fail_fast: true',
      '  - do:',
      '    - task: t',
      '      file: f.yml',
      '    timeout: 1h',
      '  - load_var: v',
      '    file: x',
      '    across:',
      '    - var: n',
      '      values: [1, 2]',
      '    fail_fast: true',
    );
    assert.equal(formatPipeline(input), expected);
  });

  test('orders an inline task config, and leaves user maps (params, source) as written', () => {
    const input = lines(
      'jobs:',
      '- name: j',
      '  plan:',
      '  - config:',
      '      run: {args: [x], path: echo}',
      '      params: {Z: 1, A: 2}',
      '      inputs: [{path: p, name: in}]',
      '      image_resource: {source: {tag: "1", repository: busybox}, type: registry-image}',
      '      platform: linux',
      '    task: t',
    );
    const expected = lines(
      'jobs:',
      '- name: j',
      '  plan:',
      '  - task: t',
      '    config:',
      '      platform: linux',
      '      image_resource: {type: registry-image, source: {tag: "1", repository: busybox}}',
      '      params: {Z: 1, A: 2}',
      '      run: {path: echo, args: [x]}',
      '      inputs: [{name: in, path: p}]',
    );
    assert.equal(formatPipeline(input), expected);
  });

  test('unknown keys keep their order after the known ones', () => {
    const input = lines('zeta: 1', 'jobs: []', 'alpha: 2', 'resources: []');
    assert.equal(formatPipeline(input), lines('resources: []', 'jobs: []', 'zeta: 1', 'alpha: 2'));
  });

  test('comments survive and travel with their keys', () => {
    const input = lines(
      '# pipeline header',
      '',
      'jobs:',
      '- name: j # the only job',
      '  # the plan comes last',
      '  plan: []',
      '  public: true',
      '',
      '# own-line comment before resources',
      'resources:',
      '- name: r',
      '  source:',
      '    # a secret, from vault',
      '    password: ((pw))',
      '  type: git # end-of-line comment',
    );
    const out = formatPipeline(input);
    assert.equal(
      out,
      lines(
        '# pipeline header',
        '',
        '# own-line comment before resources',
        'resources:',
        '- name: r',
        '  type: git # end-of-line comment',
        '  source:',
        '    # a secret, from vault',
        '    password: ((pw))',
        '',
        'jobs:',
        '- name: j # the only job',
        '  public: true',
        '  # the plan comes last',
        '  plan: []',
      ),
    );
    assertSameMeaning(input, out);
  });

  test('a header comment stays on top; a comment on a key that becomes first stays stable', () => {
    const input = lines('# header', 'jobs:', '- plan: []', '  # about the name', '  name: x', 'resources: []');
    const out = formatPipeline(input);
    assert.equal(out, lines('# header', 'resources: []', 'jobs:', '# about the name', '- name: x', '  plan: []'));
    assert.equal(formatPipeline(out), out);
  });

  test('an anchor stays ahead of the keys that use it, so the document stays valid', () => {
    const input = lines(
      'shared: &cfg',
      '  platform: linux',
      'jobs:',
      '- name: j',
      '  plan:',
      '  - task: t',
      '    config:',
      '      <<: *cfg',
      '      run: {path: true}',
      'resources: []',
    );
    const out = formatPipeline(input);
    assert.equal(out.split('\n')[0], 'resources: []');
    assert.ok(out.indexOf('shared: &cfg') < out.indexOf('*cfg'), out);
    assertSameMeaning(input, out);
    assert.equal(parse(out, YAML_OPTIONS).jobs[0].plan[0].config.platform, 'linux');
  });

  test('is stable: formatting twice changes nothing', () => {
    const input = lines('jobs:', '- plan: [{trigger: true, get: a}]', '  name: j', 'resources: [{type: git, name: a}]');
    const once = formatPipeline(input);
    assert.equal(formatPipeline(once), once);
  });

  test('keeps scalars as written (yes, quotes, ((vars)), block text)', () => {
    const input = lines('jobs:', '- public: yes', '  name: "j"', '  plan:', '  - task: t', '    file: ((dir))/t.yml', '    params:', '      SCRIPT: |', '        echo hi');
    const out = formatPipeline(input);
    assert.match(out, /name: "j"\n {2}public: yes\n/);
    assert.match(out, /SCRIPT: \|\n {8}echo hi\n/);
    assertSameMeaning(input, out);
  });

  test('a document that is not YAML is an error naming line and column', () => {
    assert.throws(() => formatPipeline('jobs:\n- name: a\n  name: b\n'), (err: unknown) => {
      assert.ok(err instanceof FormatError);
      assert.match(err.message, /Map keys must be unique at line 3, column 3/);
      return true;
    });
  });
});

describe('formatTaskConfig', () => {
  test('orders a task file as TaskConfig declares it', () => {
    const input = lines('run:', '  path: echo', 'inputs:', '- name: src', 'platform: linux');
    assert.equal(formatTaskConfig(input), lines('platform: linux', 'run:', '  path: echo', 'inputs:', '- name: src'));
  });
});
