// A table of invalid pipelines: each names the exact diagnostics (message,
// line:column and field path) that `gantry validate-pipeline` prints for it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic, loadPipeline, parseYamlSource, validateTaskConfig } from '../src/core/config';
import { staticVars } from '../src/core/vars';

interface Case {
  name: string;
  yaml: string;
  /** Every error, formatted, in file order. */
  errors: string[];
  warnings?: string[];
  vars?: Record<string, unknown>;
}

/** Builds YAML from lines, so that line numbers in expectations are easy to count. */
const y = (...lines: string[]) => `${lines.join('\n')}\n`;

const RES = ['resources:', '- name: repo', '  type: git'];

const cases: Case[] = [
  {
    name: 'bad YAML',
    yaml: y('jobs:', '- name: a', '  plan: [', ''),
    errors: ['p.yml:5:1: error: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  },
  {
    name: 'an alias inside its own anchor',
    yaml: y('jobs:', '- &job', '  name: a', '  plan:', '  - do: [*job]'),
    errors: ['p.yml:5:10: error: alias *job refers to a node that contains it (&job), which makes an endless value'],
  },
  {
    name: 'duplicate key',
    yaml: y('jobs:', '- name: a', '  name: b', '  plan: []'),
    errors: ['p.yml:3:3: error: Map keys must be unique'],
  },
  {
    name: 'document is a list',
    yaml: y('- name: a'),
    errors: ['p.yml:1:1: error: expected a mapping, got a list'],
  },
  {
    name: 'empty document',
    yaml: y('# nothing here'),
    errors: ['p.yml:1:1: error: pipeline config is empty'],
  },
  {
    name: 'no jobs',
    yaml: y(...RES),
    errors: [
      'p.yml:1:1: error: jobs: pipeline must contain at least one job',
      "p.yml:2:9: error: resources[0].name: resource 'repo' is not used",
    ],
  },
  {
    name: 'empty jobs list',
    yaml: y('jobs: []'),
    errors: ['p.yml:1:7: error: jobs: jobs: pipeline must contain at least one job'],
  },
  {
    name: 'jobs is a mapping',
    yaml: y('jobs: {name: a}'),
    errors: ['p.yml:1:7: error: jobs: expected a list, got a mapping'],
  },
  {
    name: 'unknown job field',
    yaml: y('jobs:', '- name: a', '  plan: []', '  serail: true'),
    errors: ["p.yml:4:3: error: jobs[0].serail: unknown field 'serail'"],
  },
  {
    name: 'missing plan',
    yaml: y('jobs:', '- name: a'),
    errors: ["p.yml:2:3: error: jobs[0]: missing required field 'plan'"],
  },
  {
    name: 'job name is a number',
    yaml: y('jobs:', '- name: 42', '  plan: []'),
    errors: ['p.yml:2:9: error: jobs[0].name: expected a string, got the number 42'],
  },
  {
    name: 'empty job name',
    yaml: y('jobs:', "- name: ''", '  plan: []'),
    errors: ['p.yml:2:9: error: jobs[0].name: identifier cannot be an empty string'],
  },
  {
    name: 'duplicate job names',
    yaml: y('jobs:', '- name: a', '  plan: []', '- name: a', '  plan: []'),
    errors: ["p.yml:4:9: error: jobs[1].name: jobs[0] and jobs[1] have the same name ('a')"],
  },
  {
    name: 'duplicate resource names',
    yaml: y(...RES, '- name: repo', '  type: git', 'jobs:', '- name: a', '  plan: [get: repo]'),
    errors: ["p.yml:4:9: error: resources[1].name: resources[0] and resources[1] have the same name ('repo')"],
  },
  {
    name: 'duplicate resource type names',
    yaml: y(
      'resource_types:', '- name: t', '  type: registry-image', '- name: t', '  type: registry-image',
      'jobs:', '- name: a', '  plan: []',
    ),
    errors: ["p.yml:4:9: error: resource_types[1].name: resource_types[0] and resource_types[1] have the same name ('t')"],
  },
  {
    name: 'resource without type',
    yaml: y('resources:', '- name: repo', 'jobs:', '- name: a', '  plan: [get: repo]'),
    errors: ["p.yml:2:3: error: resources[0]: missing required field 'type'"],
  },
  {
    name: 'unknown resource field',
    yaml: y(...RES, '  sauce: {uri: x}', 'jobs:', '- name: a', '  plan: [get: repo]'),
    errors: ["p.yml:4:3: error: resources[0].sauce: unknown field 'sauce'"],
  },
  {
    name: 'resource not used',
    yaml: y(...RES, '- name: other', '  type: git', 'jobs:', '- name: a', '  plan: [get: repo]'),
    errors: ["p.yml:4:9: error: resources[1].name: resource 'other' is not used"],
  },
  {
    name: 'bad check_every',
    yaml: y(...RES, '  check_every: 1x', 'jobs:', '- name: a', '  plan: [get: repo]'),
    errors: ["p.yml:4:16: error: resources[0].check_every: invalid duration '1x' (use a duration such as 1m, or never)"],
  },
  {
    name: 'bad check_timeout',
    yaml: y(...RES, '  check_timeout: 5 minutes', 'jobs:', '- name: a', '  plan: [get: repo]'),
    errors: ["p.yml:4:18: error: resources[0].check_timeout: invalid duration '5 minutes'"],
  },
  {
    name: 'get of an undefined resource',
    yaml: y(...RES, 'jobs:', '- name: a', '  plan:', '  - get: repo', '  - get: nope'),
    errors: ["p.yml:8:10: error: jobs[0].plan[1].get: unknown resource 'nope'"],
  },
  {
    name: 'get with resource: naming an undefined resource',
    yaml: y(...RES, 'jobs:', '- name: a', '  plan:', '  - get: repo', '  - get: src', '    resource: nope'),
    errors: ["p.yml:9:15: error: jobs[0].plan[1].resource: unknown resource 'nope'"],
  },
  {
    name: 'put of an undefined resource',
    yaml: y(...RES, 'jobs:', '- name: a', '  plan:', '  - get: repo', '  - put: nope'),
    errors: ["p.yml:8:10: error: jobs[0].plan[1].put: unknown resource 'nope'"],
  },
  {
    name: 'repeated get name',
    yaml: y(...RES, 'jobs:', '- name: a', '  plan:', '  - get: repo', '  - get: repo'),
    errors: ['p.yml:8:10: error: jobs[0].plan[1].get: repeated name'],
  },
  {
    name: 'passed names a missing job',
    yaml: y(...RES, 'jobs:', '- name: a', '  plan:', '  - get: repo', '    passed: [build]'),
    errors: ["p.yml:8:14: error: jobs[0].plan[0].passed[0]: no matching job(s) for 'build'"],
  },
  {
    name: 'passed job does not use the resource',
    yaml: y(
      ...RES, '- name: other', '  type: git',
      'jobs:', '- name: a', '  plan: [get: other]', '- name: b', '  plan:', '  - get: repo', '    passed: [a]',
    ),
    errors: ["p.yml:12:14: error: jobs[1].plan[0].passed[0]: job 'a' does not interact with resource 'repo'"],
  },
  {
    name: 'passed cycle',
    yaml: y(...RES, 'jobs:', '- name: a', '  plan:', '  - get: repo', '    passed: [b]', '- name: b', '  plan:', '  - get: repo', '    passed: [a]'),
    errors: ["p.yml:5:9: error: jobs[0].name: pipeline contains a cycle that starts at Job 'a'"],
  },
  {
    name: 'trigger is not a boolean',
    yaml: y(...RES, 'jobs:', '- name: a', '  plan:', '  - get: repo', '    trigger: maybe'),
    errors: ["p.yml:8:14: error: jobs[0].plan[0].trigger: expected a boolean, got 'maybe'"],
  },
  {
    name: 'get version is not latest/every/pinned',
    yaml: y(...RES, 'jobs:', '- name: a', '  plan:', '  - get: repo', '    version: newest'),
    errors: ["p.yml:8:14: error: jobs[0].plan[0].version: expected 'latest', 'every' or a mapping, got 'newest'"],
  },
  {
    name: 'pinned version field is not a string',
    yaml: y(...RES, 'jobs:', '- name: a', '  plan:', '  - get: repo', '    version: {ref: 1}'),
    errors: ['p.yml:8:20: error: jobs[0].plan[0].version.ref: expected a string, got the number 1'],
  },
  {
    name: 'version: every on a put',
    yaml: y(...RES, 'jobs:', '- name: a', '  plan:', '  - put: repo', '    version: every'),
    errors: [
      "p.yml:8:5: error: jobs[0].plan[0].version: unknown field 'version' (a put records the version it creates; version: every/latest/pinned belongs on a get)",
    ],
  },
  {
    name: 'put inputs is not all/detect/list',
    yaml: y(...RES, 'jobs:', '- name: a', '  plan:', '  - put: repo', '    inputs: some'),
    errors: ["p.yml:8:13: error: jobs[0].plan[0].inputs: expected 'all', 'detect' or a list, got 'some'"],
  },
  {
    name: 'task with both file and config',
    yaml: y('jobs:', '- name: a', '  plan:', '  - task: t', '    file: x.yml', '    config: {platform: linux, run: {path: sh}}'),
    errors: ['p.yml:6:5: error: jobs[0].plan[0].config: must specify one of `file:` or `config:`, not both'],
  },
  {
    name: 'task with neither file nor config',
    yaml: y('jobs:', '- name: a', '  plan:', '  - task: t'),
    errors: ['p.yml:4:11: error: jobs[0].plan[0].task: must specify either `file:` or `config:`'],
  },
  {
    name: 'task config without run',
    yaml: y('jobs:', '- name: a', '  plan:', '  - task: t', '    config:', '      platform: linux'),
    errors: ["p.yml:6:7: error: jobs[0].plan[0].config: missing required field 'run'"],
  },
  {
    name: 'task config with a typo',
    yaml: y('jobs:', '- name: a', '  plan:', '  - task: t', '    config:', '      platform: linux', '      run: {path: sh}', '      ouputs: [{name: o}]'),
    errors: ["p.yml:8:7: error: jobs[0].plan[0].config.ouputs: unknown field 'ouputs'"],
  },
  {
    name: 'task input without a name',
    yaml: y('jobs:', '- name: a', '  plan:', '  - task: t', '    config:', '      platform: linux', '      run: {path: sh}', '      inputs: [{path: src}]'),
    errors: ["p.yml:8:16: error: jobs[0].plan[0].config.inputs[0]: missing required field 'name'"],
  },
  {
    name: 'task memory limit',
    yaml: y('jobs:', '- name: a', '  plan:', '  - task: t', '    file: t.yml', '    container_limits: {memory: lots}'),
    errors: ['p.yml:6:32: error: jobs[0].plan[0].container_limits.memory: could not parse container memory limit'],
  },
  {
    name: 'cache ttl below one second',
    yaml: y('jobs:', '- name: a', '  plan:', '  - task: t', '    config:', '      platform: linux', '      run: {path: sh}', '      caches: [{path: c, ttl: 500ms}]'),
    errors: ["p.yml:8:31: error: jobs[0].plan[0].config.caches[0].ttl: cache ttl must be at least 1s, got '500ms'"],
  },
  {
    name: 'invalid step timeout',
    yaml: y('jobs:', '- name: a', '  plan:', '  - task: t', '    file: t.yml', '    timeout: 1m30'),
    errors: ["p.yml:6:14: error: jobs[0].plan[0].timeout: invalid duration '1m30'"],
  },
  {
    name: 'attempts of zero',
    yaml: y('jobs:', '- name: a', '  plan:', '  - task: t', '    file: t.yml', '    attempts: 0'),
    errors: ['p.yml:6:15: error: jobs[0].plan[0].attempts: must be greater than 0'],
  },
  {
    name: 'step with two step types',
    yaml: y(...RES, 'jobs:', '- name: a', '  plan:', '  - get: repo', '    put: repo'),
    errors: ["p.yml:8:5: error: jobs[0].plan[0].put: unknown field 'put' (this step is already a get step)"],
  },
  {
    name: 'step with only a modifier',
    yaml: y('jobs:', '- name: a', '  plan:', '  - timeout: 1h'),
    errors: ['p.yml:4:5: error: jobs[0].plan[0]: no core step type declared (e.g. get, put, task, etc.)'],
  },
  {
    name: 'aggregate step',
    yaml: y('jobs:', '- name: a', '  plan:', '  - aggregate: []'),
    errors: ['p.yml:4:5: error: jobs[0].plan[0]: no step configured: aggregate was removed from Concourse; use in_parallel'],
  },
  {
    name: 'hook given a list of steps',
    yaml: y('jobs:', '- name: a', '  plan:', '  - task: t', '    file: t.yml', '    on_failure:', '    - task: u', '      file: u.yml'),
    errors: ['p.yml:7:5: error: jobs[0].plan[0].on_failure: expected a step, got a list (to run several steps here, list them under do:)'],
  },
  {
    name: 'job hook with an unknown step',
    yaml: y('jobs:', '- name: a', '  plan: []', '  ensure: {notify: slack}'),
    errors: ['p.yml:4:11: error: jobs[0].ensure: no step configured (expected one of get, put, task, set_pipeline, load_var, in_parallel, do, try)'],
  },
  {
    name: 'tags on a load_var step',
    yaml: y('jobs:', '- name: a', '  plan:', '  - load_var: v', '    file: f', '    tags: [x]'),
    errors: ["p.yml:6:5: error: jobs[0].plan[0].tags: unknown field 'tags' (a load_var step takes no tags)"],
  },
  {
    name: 'in_parallel of the wrong shape',
    yaml: y('jobs:', '- name: a', '  plan:', '  - in_parallel: yes'),
    errors: ['p.yml:4:18: error: jobs[0].plan[0].in_parallel: expected a list or a mapping, got the boolean true'],
  },
  {
    name: 'in_parallel limit that is not a number',
    yaml: y('jobs:', '- name: a', '  plan:', '  - in_parallel:', '      steps: []', '      limit: x'),
    errors: ["p.yml:6:14: error: jobs[0].plan[0].in_parallel.limit: expected an integer, got 'x'"],
  },
  {
    name: 'load_var with an unknown format',
    yaml: y('jobs:', '- name: a', '  plan:', '  - load_var: v', '    file: f', '    format: xml'),
    errors: ["p.yml:6:13: error: jobs[0].plan[0].format: expected 'json', 'yaml', 'yml', 'trim' or 'raw', got 'xml'"],
  },
  {
    name: 'set_pipeline without file',
    yaml: y('jobs:', '- name: a', '  plan:', '  - set_pipeline: self'),
    errors: ["p.yml:4:5: error: jobs[0].plan[0]: missing required field 'file'"],
  },
  {
    name: 'across with no vars',
    yaml: y('jobs:', '- name: a', '  plan:', '  - across: []', '    task: t', '    file: t.yml'),
    errors: ['p.yml:4:13: error: jobs[0].plan[0].across: no vars specified'],
  },
  {
    name: 'across max_in_flight of zero',
    yaml: y('jobs:', '- name: a', '  plan:', '  - across:', '    - var: v', '      values: [1, 2]', '      max_in_flight: 0', '    task: t', '    file: t.yml'),
    errors: ['p.yml:7:22: error: jobs[0].plan[0].across[0].max_in_flight: must be greater than 0'],
  },
  {
    name: 'across values that are not a list',
    yaml: y('jobs:', '- name: a', '  plan:', '  - across:', '    - var: v', '      values: 7', '    - var: w', '      values: ((ok))', '    task: t', '    file: t.yml'),
    errors: ['p.yml:6:15: error: jobs[0].plan[0].across[0].values: must be a list of values (or a ((var)) holding one), got the number 7'],
  },
  {
    name: 'across var declared twice',
    yaml: y('jobs:', '- name: a', '  plan:', '  - across:', '    - {var: v, values: [1]}', '    - {var: v, values: [2]}', '    task: t', '    file: t.yml'),
    errors: ['p.yml:6:13: error: jobs[0].plan[0].across[1].var: repeated var name'],
  },
  {
    name: 'fail_fast without across',
    yaml: y('jobs:', '- name: a', '  plan:', '  - task: t', '    file: t.yml', '    fail_fast: true'),
    errors: [
      "p.yml:6:5: error: jobs[0].plan[0].fail_fast: unknown field 'fail_fast' (it goes with across:; for in_parallel write in_parallel: {steps: [...], fail_fast: true})",
    ],
  },
  {
    name: 'serial_groups is not a list',
    yaml: y('jobs:', '- name: a', '  plan: []', '  serial_groups: deploy'),
    errors: ["p.yml:4:18: error: jobs[0].serial_groups: expected a list, got 'deploy'"],
  },
  {
    name: 'both build log settings',
    yaml: y('jobs:', '- name: a', '  plan: []', '  build_logs_to_retain: 5', '  build_log_retention: {builds: 3}'),
    errors: ["p.yml:4:3: error: jobs[0].build_logs_to_retain: jobs.a can't use both build_log_retention and build_logs_to_retain"],
    warnings: ['p.yml:4:3: warning: jobs[0].build_logs_to_retain: jobs.a.build_logs_to_retain is deprecated. Use build_log_retention instead.'],
  },
  {
    name: 'minimum succeeded builds above builds',
    yaml: y('jobs:', '- name: a', '  plan: []', '  build_log_retention: {builds: 3, minimum_succeeded_builds: 5}'),
    errors: [
      'p.yml:4:62: error: jobs[0].build_log_retention.minimum_succeeded_builds: jobs.a has build_log_retention.minimum_succeeded_builds: 5 greater than build_log_retention.builds: 3',
    ],
  },
  {
    name: 'group names a missing job',
    yaml: y('groups:', '- name: all', '  jobs: [a, b]', 'jobs:', '- name: a', '  plan: []'),
    errors: ["p.yml:3:13: error: groups[0].jobs[1]: no jobs match 'b' for group 'all'"],
  },
  {
    name: 'group with a malformed glob',
    yaml: y('groups:', '- name: all', '  jobs: [a, "b{c"]', 'jobs:', '- name: a', '  plan: []'),
    errors: ["p.yml:3:13: error: groups[0].jobs[1]: invalid glob expression 'b{c' for group 'all'"],
  },
  {
    name: 'group names a missing resource',
    yaml: y('groups:', '- name: all', '  jobs: [a]', '  resources: [repo]', 'jobs:', '- name: a', '  plan: []'),
    errors: ["p.yml:4:15: error: groups[0].resources[0]: group 'all' has unknown resource 'repo'"],
  },
  {
    name: 'job in no group',
    yaml: y('groups:', '- name: g', '  jobs: [a]', 'jobs:', '- name: a', '  plan: []', '- name: b', '  plan: []'),
    errors: ["p.yml:7:9: error: jobs[1].name: job 'b' belongs to no group"],
  },
  {
    name: 'duplicate group names',
    yaml: y('groups:', '- name: g', '  jobs: [a]', '- name: g', '  jobs: [a]', 'jobs:', '- name: a', '  plan: []'),
    errors: ["p.yml:4:9: error: groups[1].name: group 'g' appears 2 times. Duplicate names are not allowed."],
  },
  {
    name: 'var source of an unknown type',
    yaml: y('var_sources:', '- name: s', '  type: keychain', 'jobs:', '- name: a', '  plan: []'),
    errors: ['p.yml:3:9: error: var_sources[0].type: unknown credential manager type: keychain'],
  },
  {
    name: 'display background image scheme',
    yaml: y('display:', '  background_image: ftp://example.com/a.png', 'jobs:', '- name: a', '  plan: []'),
    errors: ['p.yml:2:21: error: display.background_image: background_image scheme must be either http, https or relative'],
  },
  {
    name: 'a map var inside a longer string',
    yaml: y('jobs:', '- name: a', '  plan:', '  - task: t', '    file: "ci/((m)).yml"'),
    vars: { m: { a: 1 } },
    errors: ['p.yml:5:11: error: jobs[0].plan[0].file: cannot interpolate non-primitive value (map) from var: m'],
  },
  {
    name: 'shape errors in droppable fields do not hide the other rules',
    yaml: y(...RES, '  check_every: 10 minutes', 'jobs:', '- name: a', '  plan:', '  - get: repo', '    trigger: often', '  - put: nope', '    version: every'),
    errors: [
      "p.yml:4:16: error: resources[0].check_every: invalid duration '10 minutes' (use a duration such as 1m, or never)",
      "p.yml:9:14: error: jobs[0].plan[0].trigger: expected a boolean, got 'often'",
      "p.yml:10:10: error: jobs[0].plan[1].put: unknown resource 'nope'",
      "p.yml:11:5: error: jobs[0].plan[1].version: unknown field 'version' (a put records the version it creates; version: every/latest/pinned belongs on a get)",
    ],
  },
  {
    name: 'a mistyped file: is not dropped (no misleading file-or-config error)',
    yaml: y('jobs:', '- name: a', '  plan:', '  - task: t', '    file: y'),
    errors: [
      'p.yml:5:11: error: jobs[0].plan[0].file: expected a string, got the boolean true (quote it: YAML reads unquoted y, n, yes, no, on, off as booleans)',
    ],
  },
  {
    name: 'invalid identifiers are warnings',
    yaml: y('jobs:', '- name: Build_App', '  plan: []', '- name: "123"', '  plan: []'),
    errors: [],
    warnings: [
      "p.yml:2:9: warning: jobs[0].name: 'Build_App' is not a valid identifier: must start with a lowercase letter or a number",
      "p.yml:4:9: warning: jobs[1].name: '123' is not a valid identifier: cannot be just numbers",
    ],
  },
  {
    name: 'max_in_flight with serial',
    yaml: y('jobs:', '- name: a', '  plan: []', '  serial: true', '  max_in_flight: 3'),
    errors: [],
    warnings: ['p.yml:5:3: warning: jobs[0].max_in_flight: max_in_flight is ignored: serial: true already limits the job to one build at a time'],
  },
];

function run(c: Case) {
  const loaded = loadPipeline(c.yaml, 'p.yml', staticVars(c.vars ?? {}));
  const pick = (s: string) => loaded.diagnostics.filter((d) => d.severity === s).map(formatDiagnostic);
  return { errors: pick('error'), warnings: pick('warning'), config: loaded.config };
}

describe('invalid pipelines name the file, line, column and field', () => {
  test('the table has at least 40 invalid configs', () => {
    assert.ok(cases.filter((c) => c.errors.length > 0).length >= 40);
  });
  for (const c of cases) {
    test(c.name, () => {
      const got = run(c);
      assert.deepEqual(got.errors, c.errors);
      if (c.warnings) assert.deepEqual(got.warnings, c.warnings);
      assert.equal(got.config === undefined, c.errors.length > 0, 'a config is returned exactly when there are no errors');
    });
  }
});

describe('invalid task configs', () => {
  const check = (text: string) => {
    const source = parseYamlSource(text, 't.yml');
    return validateTaskConfig(source.value, { file: 't.yml', locate: source.locate }).diagnostics.map(formatDiagnostic);
  };
  test('missing platform', () => {
    assert.deepEqual(check(y('run: {path: sh}')), ["t.yml:1:1: error: missing required field 'platform'"]);
  });
  test('run without path', () => {
    assert.deepEqual(check(y('platform: linux', 'run:', '  args: [-c, ls]')), ["t.yml:3:3: error: run: missing required field 'path'"]);
  });
  test('unknown field', () => {
    assert.deepEqual(check(y('platform: linux', 'run: {path: sh}', 'image: busybox')), ["t.yml:3:1: error: image: unknown field 'image'"]);
  });
});
