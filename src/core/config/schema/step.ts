// Build plan steps. A step is one core step (get, put, task, set_pipeline,
// load_var, in_parallel, do, try, run) plus modifiers (timeout, attempts,
// across) and hooks (on_success, on_failure, on_error, on_abort, ensure), which
// every step accepts. `tags` goes where Concourse takes it: get, put, task,
// run, do and in_parallel (the last two pass it down to their children).
import { Type, type Static, type TThis } from '@sinclair/typebox';
import { Bool, ContainerLimits, Duration, Identifier, Int, Obj, Opt, Params, Str, StringList, Tags, Version } from './common';
import { TaskConfigSchema } from './task';

export const CORE_STEP_KEYS = ['get', 'put', 'task', 'set_pipeline', 'load_var', 'in_parallel', 'do', 'try', 'run'] as const;
export type CoreStepKey = (typeof CORE_STEP_KEYS)[number];
export const HOOK_KEYS = ['on_success', 'on_failure', 'on_error', 'on_abort', 'ensure'] as const;
export type HookKey = (typeof HOOK_KEYS)[number];

export const AcrossVarSchema = Obj(
  {
    var: Identifier('the local var, used as ((.:name))'),
    values: Type.Unknown({ description: 'the values to run the step with (a list, or a ((var)) holding one)' }),
    max_in_flight: Opt(Type.Union([Type.Literal('all'), Int()], { description: "how many values run at once: a number or 'all' (default 1)" })),
  },
  { required: ['var', 'values'] },
);

function modifiers(self: TThis) {
  return {
    timeout: Opt(Duration('give up on the step after this long')),
    attempts: Opt(Int('run the step up to this many times until it succeeds')),
    across: Opt(Type.Array(AcrossVarSchema, { description: 'run the step once per combination of var values' })),
    fail_fast: Opt(Bool('with across: stop at the first failure')),
    on_success: Opt(self),
    on_failure: Opt(self),
    on_error: Opt(self),
    on_abort: Opt(self),
    ensure: Opt(self),
  };
}

const StringMap = (description: string) => Type.Record(Type.String(), Type.String(), { description });

function stepVariants(self: TThis) {
  const mods = modifiers(self);
  const get = Obj(
    {
      get: Identifier('the artifact name (and the resource, unless `resource:` is given)'),
      resource: Opt(Str('the resource to fetch')),
      version: Opt(
        Type.Union([Type.Literal('latest'), Type.Literal('every'), Version()], {
          description: "latest (default), every, or a pinned version {field: value}",
        }),
      ),
      params: Opt(Params('params for the resource`s in script')),
      passed: Opt(StringList('only versions that passed these jobs (names or globs)')),
      trigger: Opt(Bool('start a build when a new version appears')),
      tags: Opt(Tags()),
      ...mods,
    },
    { required: ['get'] },
  );
  const put = Obj(
    {
      put: Identifier('the step name (and the resource, unless `resource:` is given)'),
      resource: Opt(Str('the resource to push to')),
      params: Opt(Params('params for the resource`s out script')),
      get_params: Opt(Params('params for the implicit get after the put')),
      inputs: Opt(
        Type.Union([Type.Literal('all'), Type.Literal('detect'), StringList()], {
          description: 'artifacts to send: all (default), detect, or a list of names',
        }),
      ),
      no_get: Opt(Bool('skip the implicit get of the new version')),
      tags: Opt(Tags()),
      ...mods,
    },
    { required: ['put'] },
  );
  const task = Obj(
    {
      task: Identifier('the task name'),
      file: Opt(Str('path to a task config file inside an artifact')),
      config: Opt(TaskConfigSchema),
      image: Opt(Str('an artifact holding the image to run in')),
      privileged: Opt(Bool('run the container with full capabilities')),
      hermetic: Opt(Bool('run without network access')),
      vars: Opt(Params('vars for ((var)) in the task file')),
      params: Opt(Params('environment variables, overriding the config`s params')),
      input_mapping: Opt(StringMap('task input name → artifact name')),
      output_mapping: Opt(StringMap('task output name → artifact name')),
      container_limits: Opt(ContainerLimits()),
      tags: Opt(Tags()),
      ...mods,
    },
    { required: ['task'] },
  );
  const setPipeline = Obj(
    {
      set_pipeline: Identifier('the pipeline to set, or self'),
      file: Str('path to the pipeline config inside an artifact'),
      team: Opt(Str('the team to set it in (main team only)')),
      vars: Opt(Params('vars for the pipeline')),
      var_files: Opt(StringList('vars files inside artifacts')),
      instance_vars: Opt(Params('instance vars: set an instanced pipeline')),
      ...mods,
    },
    { required: ['set_pipeline', 'file'] },
  );
  const loadVar = Obj(
    {
      load_var: Identifier('the local var name, used as ((.:name))'),
      file: Str('path to the file inside an artifact'),
      format: Opt(
        Type.Union(['json', 'yaml', 'yml', 'trim', 'raw'].map((f) => Type.Literal(f)), {
          description: 'how to read the file (default: from its extension, else trim)',
        }),
      ),
      reveal: Opt(Bool('show the value in build logs instead of redacting it')),
      ...mods,
    },
    { required: ['load_var', 'file'] },
  );
  const inParallel = Obj(
    {
      in_parallel: Type.Union(
        [
          Type.Array(self),
          Obj({
            steps: Opt(Type.Array(self)),
            limit: Opt(Int('how many steps run at once')),
            fail_fast: Opt(Bool('stop at the first failure')),
          }),
        ],
        { description: 'steps to run at the same time: a list, or {steps, limit, fail_fast}' },
      ),
      tags: Opt(Tags()),
      ...mods,
    },
    { required: ['in_parallel'] },
  );
  const doStep = Obj(
    { do: Type.Array(self, { description: 'steps to run in order' }), tags: Opt(Tags()), ...mods },
    { required: ['do'] },
  );
  const tryStep = Obj({ try: self, ...mods }, { required: ['try'] });
  const run = Obj(
    {
      run: Str('the prototype message to run'),
      type: Str('the prototype'),
      params: Opt(Params()),
      privileged: Opt(Bool()),
      tags: Opt(Tags()),
      container_limits: Opt(ContainerLimits()),
      ...mods,
    },
    { required: ['run', 'type'] },
  );
  return [get, put, task, setPipeline, loadVar, inParallel, doStep, tryStep, run] as const;
}

export const StepSchema = Type.Recursive((self) => Type.Union([...stepVariants(self)]), {
  $id: 'Step',
  title: 'step',
});

export type StepConfig = Static<typeof StepSchema>;
export type GetStep = Extract<StepConfig, { get: string }>;
export type PutStep = Extract<StepConfig, { put: string }>;
export type TaskStep = Extract<StepConfig, { task: string }>;
export type SetPipelineStep = Extract<StepConfig, { set_pipeline: string }>;
export type LoadVarStep = Extract<StepConfig, { load_var: string }>;
export type InParallelStep = Extract<StepConfig, { in_parallel: unknown }>;
export type DoStep = Extract<StepConfig, { do: unknown }>;
export type TryStep = Extract<StepConfig, { try: unknown }>;
export type RunStep = Extract<StepConfig, { run: string }>;
export type AcrossVar = Static<typeof AcrossVarSchema>;
