// The pipeline document. Unknown top-level keys are let through, as Concourse
// drops them before its strict parse (people keep YAML anchors there); the
// validator warns about them, so `--strict` fails as `fly --strict` does.
import { Type, type Static } from '@sinclair/typebox';
import { JobSchema } from './job';
import { DisplaySchema, GroupSchema, PrototypeSchema, ResourceSchema, ResourceTypeSchema, VarSourceSchema } from './resource';

export const PIPELINE_KEYS = [
  'jobs',
  'resources',
  'resource_types',
  'prototypes',
  'groups',
  'var_sources',
  'display',
  'user_data',
] as const;

export const PipelineSchema = Type.Object(
  {
    jobs: Type.Optional(Type.Array(JobSchema, { description: 'the jobs of the pipeline' })),
    resources: Type.Optional(Type.Array(ResourceSchema, { description: 'things jobs get and put' })),
    resource_types: Type.Optional(Type.Array(ResourceTypeSchema, { description: 'custom resource types' })),
    prototypes: Type.Optional(Type.Array(PrototypeSchema, { description: 'prototypes for run steps (experimental)' })),
    groups: Type.Optional(Type.Array(GroupSchema, { description: 'tabs that group jobs in the UI' })),
    var_sources: Type.Optional(Type.Array(VarSourceSchema, { description: 'credential managers for ((source:var))' })),
    display: Type.Optional(DisplaySchema),
    user_data: Type.Optional(Type.Unknown({ description: 'anything; ignored by Gantry' })),
  },
  { title: 'Concourse pipeline', $id: 'Pipeline' },
);

export type PipelineConfig = Static<typeof PipelineSchema>;
