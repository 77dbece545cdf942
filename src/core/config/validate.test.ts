import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlSource } from './source';
import { validatePipeline } from './validate';
import { formatDiagnostic } from './diagnostics';

const check = (text: string) => {
  const src = parseYamlSource(text, 'p.yml');
  assert.deepEqual(src.diagnostics, []);
  return validatePipeline(src.value, { file: 'p.yml', locate: src.locate });
};

const EVERY_FIELD = `
resource_types:
- name: my-type
  type: registry-image
  source: {repository: example/type}
  defaults: {branch: main}
  params: {format: rootfs}
  privileged: true
  check_every: never
  tags: [linux]
prototypes:
- name: proto
  type: registry-image
  source: {repository: example/proto}
var_sources:
- name: vault
  type: vault
  config: {url: https://vault.example.com}
- name: fake
  type: dummy
  config: {vars: {a: ((vault:b))}}
resources:
- name: repo
  type: git
  source: {uri: https://example.com/repo.git}
  old_name: source
  public: true
  webhook_token: secret
  check_every: 1m30s
  check_timeout: 10m
  tags: [linux]
  version: {ref: abc}
  icon: github
  expose_build_created_by: true
- name: out
  type: my-type
groups:
- name: all
  jobs: ['*']
  resources: [repo]
display:
  background_image: https://example.com/bg.png
  background_filter: blur(5px)
user_data: {anything: [1, 2]}
jobs:
- name: build
  old_name: compile
  serial: true
  serial_groups: [deploys]
  build_logs_to_retain: 0
  build_log_retention: {builds: 10, days: 3, minimum_succeeded_builds: 2}
  public: true
  disable_manual_trigger: false
  interruptible: ((interruptible))
  plan:
  - in_parallel:
    - get: repo
      trigger: true
      version: every
      params: {depth: 1}
      tags: [linux]
      timeout: 5m
      attempts: 2
    - get: pinned
      resource: repo
      version: {ref: abc}
  - in_parallel: {steps: [{get: latest, resource: repo, version: latest}], limit: 2, fail_fast: true}
  - load_var: version
    file: repo/version
    format: trim
    reveal: true
  - task: unit
    file: repo/ci/unit.yml
    image: repo
    privileged: true
    hermetic: true
    vars: {a: 1}
    params: {B: 2}
    input_mapping: {src: repo}
    output_mapping: {out: built}
    container_limits: {cpu: 512, memory: 1GB}
    tags: [linux]
    on_success: {put: out, inputs: detect}
    on_failure: {put: out, inputs: [built], params: {x: 1}, get_params: {y: 2}, no_get: true}
    on_error: {try: {task: t, file: x.yml}}
    on_abort: {do: [{task: t2, file: x.yml}], tags: [linux]}
    ensure: {put: out, inputs: all}
  - across:
    - var: env
      values: [a, b]
      max_in_flight: all
    - var: num
      values: ((.:version))
      max_in_flight: 2
    fail_fast: true
    set_pipeline: ((.:env))
    file: repo/ci/pipeline.yml
    team: other
    vars: {env: ((.:env))}
    var_files: [repo/ci/vars.yml]
    instance_vars: {env: ((.:env))}
  - set_pipeline: self
    file: repo/ci/pipeline.yml
  - run: hello
    type: proto
    params: {a: 1}
  - task: inline
    config:
      platform: linux
      image_resource: {type: registry-image, source: {repository: busybox}, params: {format: oci}, version: {digest: sha}}
      rootfs_uri: raw:///rootfs
      inputs: [{name: repo, path: src, optional: true}]
      outputs: [{name: built, path: out}]
      caches: [{path: .cache, ttl: 24h}]
      params: {N: 1, FLAG: true}
      run: {path: sh, args: [-c, make], dir: src, user: root}
      container_limits: {cpu: 1, memory: 512MB}
  on_success: {put: out}
  on_failure: {put: out}
  on_error: {put: out}
  on_abort: {put: out}
  ensure: {put: out}
`;

test('every documented field of pipelines, jobs, steps and tasks is accepted', () => {
  const r = check(EVERY_FIELD);
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), []);
  assert.ok(r.config);
  assert.equal(r.config.jobs?.[0]?.name, 'build');
});

test('a field written with no value counts as absent and is dropped from the config', () => {
  const r = check('jobs:\n- name: a\n  serial_groups:\n  plan:\n  - task: t\n    file: t.yml\n    params:\n');
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.config, { jobs: [{ name: 'a', plan: [{ task: 't', file: 't.yml' }] }] });
});

test('booleans and numbers may be ((vars)) left for run time', () => {
  const r = check('jobs:\n- name: a\n  public: ((pub))\n  max_in_flight: ((n))\n  plan:\n  - task: t\n    file: t.yml\n    attempts: ((tries))\n');
  assert.deepEqual(r.diagnostics, []);
});

test('a local var declared twice in one scope is an error; shadowing is a warning', () => {
  const r = check(
    'jobs:\n- name: a\n  plan:\n  - load_var: v\n    file: f\n  - across: [{var: v, values: [1]}]\n    task: t\n    file: t.yml\n  - load_var: v\n    file: g\n',
  );
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), [
    "p.yml:6:20: warning: jobs[0].plan[1].across[0].var: shadows local var 'v'",
    'p.yml:9:15: error: jobs[0].plan[2].load_var: repeated var name',
  ]);
});

test('YAML 1.1 scalars as Concourse reads them: an unquoted n is the boolean false', () => {
  const r = check('jobs:\n- name: a\n  plan:\n  - across: [{var: n, values: [1]}]\n    task: t\n    file: t.yml\n');
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), [
    'p.yml:4:20: error: jobs[0].plan[0].across[0].var: expected a string, got the boolean false (quote it: YAML reads unquoted y, n, yes, no, on, off as booleans)',
  ]);
});
