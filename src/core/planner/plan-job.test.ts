import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobConfig, ResourceConfig } from '../config';
import { planCheck, planJob, planOneOff, PlanError, planKey, prefixPlanIds, type Plan } from './index';

const resources: ResourceConfig[] = [
  { name: 'repo', type: 'git', source: { uri: 'https://example.com/repo.git' } },
  { name: 'image', type: 'registry-image', source: { repository: 'busybox' } },
];

function job(plan: unknown[], extra: Partial<JobConfig> = {}): JobConfig {
  return { name: 'unit', plan, ...extra } as JobConfig;
}

/** The tree as `key(child, child)` text, which makes shapes easy to compare. */
function shape(plan: Plan): string {
  const key = planKey(plan);
  const kids = (children: Plan[]) => `${key}(${children.map(shape).join(', ')})`;
  switch (key) {
    case 'do': case 'aggregate': case 'retry': return kids(plan[key]!);
    case 'in_parallel': return kids(plan.in_parallel!.steps);
    case 'across': return kids([plan.across!.substep_template]);
    case 'try': case 'timeout': return kids([plan[key]!.step]);
    case 'on_success': return kids([plan.on_success!.step, plan.on_success!.on_success]);
    case 'on_failure': return kids([plan.on_failure!.step, plan.on_failure!.on_failure]);
    case 'on_error': return kids([plan.on_error!.step, plan.on_error!.on_error]);
    case 'on_abort': return kids([plan.on_abort!.step, plan.on_abort!.on_abort]);
    case 'ensure': return kids([plan.ensure!.step, plan.ensure!.ensure]);
    default: return `${key}:${(plan[key] as { name: string }).name}`;
  }
}

describe('planJob', () => {
  test('a get then a task: ids are hex numbers handed out children first', () => {
    const plan = planJob(job([{ get: 'repo', trigger: true }, { task: 'test', file: 'repo/ci/test.yml' }]), {
      resources,
      resolvedInputs: { repo: { ref: 'abc' } },
    });
    assert.equal(shape(plan), 'do(get:repo, task:test)');
    assert.deepEqual(plan.do![0], {
      id: '1',
      get: { name: 'repo', type: 'git', resource: 'repo', source: { uri: 'https://example.com/repo.git' }, version: { ref: 'abc' } },
    });
    assert.equal(plan.do![1]!.id, '2');
    assert.equal(plan.do![1]!.task!.config_path, 'repo/ci/test.yml');
    assert.equal(plan.id, '3');
  });

  test('the same config always gives the same plan', () => {
    const config = job([{ in_parallel: [{ get: 'repo' }, { get: 'image' }] }, { task: 't', config: { platform: 'linux', run: { path: 'true' } } }]);
    assert.deepEqual(planJob(config, { resources }), planJob(config, { resources }));
  });

  test('a put is followed by its implicit get of the version it created', () => {
    const plan = planJob(job([{ put: 'repo', params: { repository: 'repo' }, get_params: { depth: 1 } }]), { resources });
    assert.equal(shape(plan), 'do(on_success(put:repo, get:repo))');
    const onSuccess = plan.do![0]!.on_success!;
    assert.equal(onSuccess.on_success.get!.version_from, onSuccess.step.id);
    assert.deepEqual(onSuccess.on_success.get!.params, { depth: 1 });
  });

  test('no_get leaves the put alone', () => {
    assert.equal(shape(planJob(job([{ put: 'repo', no_get: true }]), { resources })), 'do(put:repo)');
  });

  test('attempts with a timeout: every attempt has its own timeout and knows its number', () => {
    const plan = planJob(job([{ task: 't', file: 'x.yml', attempts: 3, timeout: '1m' }]), { resources });
    assert.equal(shape(plan), 'do(retry(timeout(task:t), timeout(task:t), timeout(task:t)))');
    assert.deepEqual(plan.do![0]!.retry!.map((p) => p.attempts), [[1], [2], [3]]);
    assert.equal(plan.do![0]!.retry![0]!.timeout!.duration, '1m');
  });

  test('step hooks wrap on_success innermost and ensure outermost, around across and attempts', () => {
    const hook = (name: string) => ({ task: name, file: 'h.yml' });
    const plan = planJob(job([{
      task: 't', file: 'x.yml', attempts: 2,
      across: [{ var: 'v', values: [1, 2] }],
      on_success: hook('s'), on_failure: hook('f'), on_abort: hook('a'), on_error: hook('e'), ensure: hook('n'),
    }]), { resources });
    assert.equal(
      shape(plan.do![0]!),
      'ensure(on_error(on_abort(on_failure(on_success(across(retry(task:t, task:t)), task:s), task:f), task:a), task:e), task:n)',
    );
  });

  test("the job's own hooks wrap the whole plan in Concourse's order", () => {
    const hook = (name: string) => ({ load_var: name, file: 'x/y' });
    const plan = planJob(job([{ get: 'repo' }], {
      on_success: hook('s'), on_failure: hook('f'), on_abort: hook('a'), on_error: hook('e'), ensure: hook('n'),
    } as Partial<JobConfig>), { resources });
    assert.equal(
      shape(plan),
      'ensure(on_error(on_abort(on_failure(on_success(do(get:repo), load_var:s), load_var:f), load_var:a), load_var:e), load_var:n)',
    );
  });

  test('across keeps its vars and a template; max_in_flight defaults to 1', () => {
    const plan = planJob(job([{
      task: 't', file: 'x.yml', fail_fast: true,
      across: [{ var: 'a', values: [1, 2], max_in_flight: 'all' }, { var: 'b', values: '((list))' }],
    }]), { resources });
    const across = plan.do![0]!.across!;
    assert.deepEqual(across.vars, [
      { name: 'a', values: [1, 2], max_in_flight: 'all' },
      { name: 'b', values: '((list))', max_in_flight: 1 },
    ]);
    assert.equal(across.fail_fast, true);
    assert.equal(shape(across.substep_template), 'task:t');
  });

  test('in_parallel with limit and fail_fast; tags of do and in_parallel reach the children', () => {
    const plan = planJob(job([{
      in_parallel: { steps: [{ get: 'repo' }, { do: [{ task: 't', file: 'x.yml' }], tags: ['gpu'] }], limit: 1, fail_fast: true },
      tags: ['linux'],
    }]), { resources });
    const par = plan.do![0]!.in_parallel!;
    assert.equal(par.limit, 1);
    assert.equal(par.fail_fast, true);
    assert.deepEqual(par.steps[0]!.get!.tags, ['linux']);
    assert.deepEqual(par.steps[1]!.do![0]!.task!.tags, ['gpu']);
  });

  test('try, set_pipeline and load_var keep their fields', () => {
    const plan = planJob(job([
      { try: { set_pipeline: 'self', file: 'repo/p.yml', vars: { a: 1 } } },
      { load_var: 'v', file: 'repo/v.json', format: 'json', reveal: true },
    ]), { resources });
    assert.deepEqual(plan.do![0]!.try!.step.set_pipeline, { name: 'self', file: 'repo/p.yml', vars: { a: 1 } });
    assert.deepEqual(plan.do![1]!.load_var, { name: 'v', file: 'repo/v.json', format: 'json', reveal: true });
  });

  test('a custom resource type travels with the get that needs it, with its defaults applied', () => {
    const plan = planJob(job([{ get: 'thing' }]), {
      resources: [{ name: 'thing', type: 'my-type', source: { a: 1 } }],
      resourceTypes: [{ name: 'my-type', type: 'registry-image', source: { repository: 'me/type' }, defaults: { a: 0, b: 2 } }],
    });
    const get = plan.do![0]!.get!;
    assert.deepEqual(get.source, { a: 1, b: 2 });
    assert.deepEqual(get.resource_types, [{ name: 'my-type', type: 'registry-image', source: { repository: 'me/type' } }]);
  });

  test('a get of an unknown resource is refused', () => {
    assert.throws(() => planJob(job([{ get: 'nope' }]), { resources }), (e: unknown) => e instanceof PlanError && e.message === 'unknown resource: nope');
  });
});

describe('planOneOff', () => {
  test('inputs in parallel, then the task, outputs collected whatever its outcome', () => {
    const plan = planOneOff({ platform: 'linux', run: { path: 'true' } }, {
      inputs: [{ name: 'src', artifactId: 'u1' }], outputs: ['out'], privileged: true,
    });
    assert.equal(shape(plan), 'do(in_parallel(artifact_input:src), ensure(task:one-off, in_parallel(artifact_output:out)))');
    assert.equal(plan.do![1]!.ensure!.step.task!.privileged, true);
  });
});

describe('planCheck', () => {
  test('one check node with the type defaults under the source and the custom type it needs', () => {
    const plan = planCheck({ name: 'thing', type: 'my-type', source: { a: 1 }, tags: ['t'] }, {
      resourceTypes: [{ name: 'my-type', type: 'registry-image', source: { repository: 'me/type' }, defaults: { b: 2 } }],
      fromVersion: { ref: 'x' },
    });
    assert.deepEqual(plan, {
      id: '1',
      check: {
        name: 'thing', type: 'my-type', source: { b: 2, a: 1 }, from_version: { ref: 'x' }, tags: ['t'],
        resource_types: [{ name: 'my-type', type: 'registry-image', source: { repository: 'me/type' } }],
      },
    });
  });
});

describe('prefixPlanIds', () => {
  test('renames every id and version_from, leaving step fields alone', () => {
    const plan = planJob(job([{ put: 'repo' }]), { resources });
    const copy = prefixPlanIds(plan, 'x/');
    const onSuccess = copy.do![0]!.on_success!;
    assert.equal(copy.id, 'x/' + plan.id);
    assert.equal(onSuccess.on_success.get!.version_from, onSuccess.step.id);
    assert.equal(onSuccess.step.put!.name, 'repo');
  });
});
