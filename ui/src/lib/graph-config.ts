// The little of a pipeline config the graph needs, rebuilt from the job and
// resource lists (each job's inputs and outputs). Concourse's UI draws the
// graph this way: the lists are readable wherever the pipeline is (public
// pipelines without login), while the config itself is not. Pure.
import type { GraphPipelineConfig } from '../../../src/core/graph';
import type { Job, Pipeline, Resource } from '../../../src/protocol/api';

export function configFromJobs(pipeline: Pick<Pipeline, 'groups'>, jobs: readonly Job[], resources: readonly Resource[]): GraphPipelineConfig {
  return {
    resources: resources.map((r) => ({ name: r.name, type: r.type, ...(r.icon ? { icon: r.icon } : {}) })),
    jobs: jobs.map((j) => ({
      name: j.name,
      plan: [
        ...(j.inputs ?? []).map((i) => ({ get: i.name, resource: i.resource, trigger: i.trigger, ...(i.passed?.length ? { passed: i.passed } : {}) })),
        ...(j.outputs ?? []).map((o) => ({ put: o.name, resource: o.resource })),
      ],
    })),
    ...(pipeline.groups?.length ? { groups: pipeline.groups } : {}),
  };
}
