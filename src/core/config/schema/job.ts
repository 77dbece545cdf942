// A job: its build plan, its hooks, and how its builds are scheduled and kept.
import { Type, type Static } from '@sinclair/typebox';
import { Bool, Identifier, Int, Obj, Opt, Str, StringList, Tags } from './common';
import { StepSchema } from './step';

export const BuildLogRetentionSchema = Obj(
  {
    builds: Opt(Int('keep the logs of this many builds')),
    days: Opt(Int('keep the logs of builds from the last N days')),
    minimum_succeeded_builds: Opt(Int('always keep this many succeeded builds')),
  },
  { description: 'how many build logs to keep' },
);

export const JobSchema = Obj(
  {
    name: Identifier('the job name'),
    old_name: Opt(Str('the previous name, to keep its build history across a rename')),
    plan: Type.Array(StepSchema, { description: 'the steps of a build' }),
    serial: Opt(Bool('run one build at a time')),
    serial_groups: Opt(StringList('jobs sharing a serial group run one build at a time between them')),
    max_in_flight: Opt(Int('at most this many builds at once')),
    build_log_retention: Opt(BuildLogRetentionSchema),
    build_logs_to_retain: Opt(Int('deprecated: use build_log_retention.builds')),
    public: Opt(Bool('show build logs to everyone')),
    disable_manual_trigger: Opt(Bool('refuse manual triggers')),
    disable_reruns: Opt(Bool('refuse reruns of its builds')),
    interruptible: Opt(Bool('let a worker retire without waiting for its builds')),
    tags: Opt(Tags()),
    on_success: Opt(StepSchema),
    on_failure: Opt(StepSchema),
    on_error: Opt(StepSchema),
    on_abort: Opt(StepSchema),
    ensure: Opt(StepSchema),
  },
  { required: ['name', 'plan'] },
);

export type BuildLogRetention = Static<typeof BuildLogRetentionSchema>;
export type JobConfig = Static<typeof JobSchema>;
