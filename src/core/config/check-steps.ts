// Concourse's rules for the steps of one job (its StepValidator): names,
// resources and passed constraints that must exist, task file/config, local
// var scopes of load_var and across, attempts and max_in_flight limits.
import type { ConfigPath, DiagnosticSink } from './diagnostics';
import { matchNames } from './glob';
import { checkIdentifier } from './identifier';
import { describeValue } from './describe';
import type { JobConfig, PipelineConfig, StepConfig, TaskStep } from './schema';
import { coreStepKey, hookSteps, innerSteps, stepResource } from './step-walk';
import { checkContainerLimits, checkTaskConfig } from './check-task';

export interface PipelineIndex {
  config: PipelineConfig;
  resources: Set<string>;
  prototypes: Set<string>;
  jobNames: string[];
  jobSet: ReadonlySet<string>;
  /** Resources each job gets or puts, by job name. */
  jobResources: Map<string, Set<string>>;
}

export class StepChecker {
  private readonly seenGets = new Set<string>();
  private readonly scopes: Array<Set<string>> = [new Set()];

  constructor(
    private readonly index: PipelineIndex,
    private readonly sink: DiagnosticSink,
  ) {}

  checkJob(job: JobConfig, jobPath: ConfigPath): void {
    job.plan.forEach((step, i) => this.step(step, [...jobPath, 'plan', i]));
    for (const [suffix, hook] of hookSteps(job)) this.step(hook, [...jobPath, ...suffix]);
  }

  private step(step: StepConfig, path: ConfigPath): void {
    const across = step.across;
    if (across) this.enterAcross(step, path);
    this.core(step, path, across !== undefined);
    for (const [suffix, inner] of innerSteps(step)) this.step(inner, [...path, ...suffix]);
    if (across) this.scopes.pop();
    if (typeof step.attempts === 'number' && step.attempts <= 0) this.sink.error([...path, 'attempts'], 'must be greater than 0');
    if (step.fail_fast !== undefined && !across) {
      this.sink.error([...path, 'fail_fast'], "unknown field 'fail_fast' (it goes with across:; for in_parallel write in_parallel: {steps: [...], fail_fast: true})", 'key');
    }
    for (const [suffix, hook] of hookSteps(step)) this.step(hook, [...path, ...suffix]);
  }

  private enterAcross(step: StepConfig, path: ConfigPath): void {
    const vars = step.across ?? [];
    this.scopes.push(new Set());
    if (vars.length === 0) this.sink.error([...path, 'across'], 'no vars specified');
    vars.forEach((v, i) => {
      const varPath = [...path, 'across', i];
      this.declareVar(v.var, [...varPath, 'var']);
      // A ((var)) is resolved at run time; anything else that is not a list can never run.
      if (!Array.isArray(v.values) && !(typeof v.values === 'string' && /^\(\([^()]+\)\)$/.test(v.values.trim()))) {
        this.sink.error([...varPath, 'values'], `must be a list of values (or a ((var)) holding one), got ${describeValue(v.values)}`);
      }
      if (typeof v.max_in_flight === 'number' && v.max_in_flight <= 0) {
        this.sink.error([...varPath, 'max_in_flight'], 'must be greater than 0');
      }
    });
  }

  private identifier(name: string, path: ConfigPath, warningIsError = false): void {
    const finding = checkIdentifier(name);
    if (!finding) return;
    if (finding.severity === 'error' || warningIsError) this.sink.error(path, finding.message);
    else this.sink.warning(path, finding.message);
  }

  private core(step: StepConfig, path: ConfigPath, inAcross: boolean): void {
    const key = coreStepKey(step);
    const namePath = [...path, key];
    if ('get' in step) return this.get(step.get, step, path);
    if ('put' in step) {
      this.identifier(step.put, namePath);
      this.resource(step, path);
      return;
    }
    if ('task' in step) return this.task(step, path, inAcross);
    if ('set_pipeline' in step) {
      // Across-generated names are vars, checked once they have values.
      if (!inAcross) this.identifier(step.set_pipeline, namePath);
      return;
    }
    if ('load_var' in step) {
      this.identifier(step.load_var, namePath);
      return this.declareVar(step.load_var, namePath);
    }
    if ('run' in step) {
      this.identifier(step.run, namePath, true);
      if (!this.index.prototypes.has(step.type)) this.sink.error([...path, 'type'], `unknown prototype '${step.type}'`);
    }
  }

  private get(name: string, step: StepConfig, path: ConfigPath): void {
    this.identifier(name, [...path, 'get']);
    if (this.seenGets.has(name)) this.sink.error([...path, 'get'], 'repeated name');
    this.seenGets.add(name);
    const resource = this.resource(step, path);
    if (!('get' in step) || resource === undefined) return;
    (step.passed ?? []).forEach((glob, i) => {
      const at = [...path, 'passed', i];
      const jobs = matchNames(glob, this.index.jobSet);
      if (jobs.length === 0) return this.sink.error(at, `no matching job(s) for '${glob}'`);
      for (const job of jobs) {
        if (!this.index.jobResources.get(job)?.has(resource)) {
          this.sink.error(at, `job '${job}' does not interact with resource '${resource}'`);
        }
      }
    });
  }

  /** Checks that the step's resource exists; returns it when it does. */
  private resource(step: StepConfig, path: ConfigPath): string | undefined {
    const name = stepResource(step)!;
    if (this.index.resources.has(name)) return name;
    const at = 'resource' in step && step.resource !== undefined ? [...path, 'resource'] : [...path, coreStepKey(step)];
    this.sink.error(at, `unknown resource '${name}'`);
    return undefined;
  }

  private task(step: TaskStep, path: ConfigPath, inAcross: boolean): void {
    if (!inAcross) this.identifier(step.task, [...path, 'task']);
    if (step.config === undefined && step.file === undefined) {
      this.sink.error([...path, 'task'], 'must specify either `file:` or `config:`');
    }
    if (step.config !== undefined && step.file !== undefined) {
      this.sink.error([...path, 'config'], 'must specify one of `file:` or `config:`, not both', 'key');
    }
    checkContainerLimits(step.container_limits, [...path, 'container_limits'], this.sink);
    const config = step.config;
    if (!config) return;
    if (step.image !== undefined && (config.rootfs_uri !== undefined || config.image_resource !== undefined)) {
      this.sink.warning(
        [...path, 'image'],
        'specifies image: on the step but also specifies an image under config: - the image: on the step takes precedence',
      );
    }
    checkTaskConfig(config, [...path, 'config'], this.sink);
  }

  private declareVar(name: string, path: ConfigPath): void {
    const current = this.scopes[this.scopes.length - 1]!;
    if (current.has(name)) this.sink.error(path, 'repeated var name');
    else if (this.scopes.some((s) => s.has(name))) this.sink.warning(path, `shadows local var '${name}'`);
    current.add(name);
  }
}
