// What a validated pipeline config declares, in the shape the store saves:
// its jobs, resources and resource types (with `old_name` renames and
// config-pinned versions).
import type { Json, JsonObject, JobSpec, ResourceSpec, ResourceTypeSpec, Version } from '../ports/store-rows';

export interface PipelineSpecs {
  jobs: JobSpec[];
  resources: ResourceSpec[];
  resourceTypes: ResourceTypeSpec[];
}

export function specsOf(config: JsonObject): PipelineSpecs {
  const jobs = objects(config.jobs).map((j): JobSpec => {
    const spec: JobSpec = { name: String(j.name), config: j };
    if (typeof j.old_name === 'string') spec.oldName = j.old_name;
    return spec;
  });
  const resources = objects(config.resources).map((r): ResourceSpec => {
    const spec: ResourceSpec = { name: String(r.name), type: String(r.type), config: r, pinnedVersion: pinned(r.version) };
    if (typeof r.old_name === 'string') spec.oldName = r.old_name;
    return spec;
  });
  const resourceTypes = objects(config.resource_types).map(
    (t): ResourceTypeSpec => ({ name: String(t.name), type: String(t.type), config: t }),
  );
  return { jobs, resources, resourceTypes };
}

function objects(v: Json | undefined): JsonObject[] {
  return Array.isArray(v) ? v.filter((x): x is JsonObject => !!x && typeof x === 'object' && !Array.isArray(x)) : [];
}

/** `version: {ref: abc}` on a resource pins it; `latest`/`every` are not pins. */
function pinned(v: Json | undefined): Version | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]));
}
