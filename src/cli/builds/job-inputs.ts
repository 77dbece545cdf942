// `execute --inputs-from P/J`: the task inputs not uploaded come from the job's next
// inputs (GET .../jobs/J/inputs) as `get` steps pinned to the resolved versions; `-m
// task=job` maps names; `--image NAME` uses that job input as the task's image.
import type { Plan } from '../../core/planner';
import { parseJobFlag, refQuery, type Session } from '../client';
import { API_PATHS } from '../../protocol';
import { CliError } from '../errors';

export interface JobInput {
  name: string; resource: string; type: string; source: Record<string, unknown>;
  params?: Record<string, unknown>; tags?: string[]; version: Record<string, string>;
  resource_types?: Record<string, unknown>[];
}

export async function fetchJobInputs(session: Session, job: string): Promise<JobInput[]> {
  const { pipeline, job: name } = parseJobFlag(job);
  const path = `${API_PATHS.pipeline(session.team, pipeline.name)}/jobs/${encodeURIComponent(name)}/inputs${refQuery(pipeline)}`;
  const inputs = await session.client.getOptional<JobInput[]>(path);
  if (!inputs) throw new CliError('job not found');
  return inputs;
}

/** A get plan (ids from `firstId`, hex) fetching the job input under the task's input name. */
export function getPlan(id: number, as: string, input: JobInput): Plan {
  return {
    id: id.toString(16),
    get: {
      name: as, type: input.type, resource: input.resource, source: input.source, version: input.version,
      ...(input.params ? { params: input.params } : {}),
      ...(input.tags ? { tags: input.tags } : {}),
      ...(input.resource_types?.length ? { resource_types: input.resource_types as never } : {}),
    },
  };
}
