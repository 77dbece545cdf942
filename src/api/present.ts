// Store rows → the /api/v1 JSON shapes (src/protocol), with Concourse's field
// names and unix-second times. Optional fields are left out when empty, as
// Concourse's `omitempty` does.
import type * as P from '../protocol';
import type * as S from '../ports/store-rows';
import { jobInputs, jobOutputs } from './job-plan';

const secs = (d: Date | null | undefined): number | undefined => (d ? Math.floor(d.getTime() / 1000) : undefined);

function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

const vars = (v: S.JsonObject | null): P.InstanceVars | undefined => (v && Object.keys(v).length > 0 ? v : undefined);

export function presentTeam(t: S.Team, withAuth: boolean): P.Team {
  return withAuth ? { id: t.id, name: t.name, auth: t.auth } : { id: t.id, name: t.name };
}

export function presentPipeline(p: S.Pipeline): P.Pipeline {
  const cfg = p.config ?? {};
  return compact<P.Pipeline>({
    id: p.id,
    name: p.name,
    instance_vars: vars(p.instanceVars),
    paused: p.paused,
    paused_by: p.pausedBy ?? undefined,
    paused_at: secs(p.pausedAt),
    public: p.public,
    archived: p.archived,
    groups: Array.isArray(cfg.groups) ? (cfg.groups as unknown as P.GroupConfig[]) : undefined,
    team_name: p.teamName,
    display: cfg.display && typeof cfg.display === 'object' ? (cfg.display as P.Pipeline['display']) : undefined,
    parent_build_id: p.parentBuildId ?? undefined,
    parent_job_id: p.parentJobId ?? undefined,
    last_updated: secs(p.lastUpdated),
  });
}

export function presentBuild(b: S.Build): P.Build {
  return compact<P.Build>({
    id: b.id,
    team_name: b.teamName,
    name: b.name,
    status: b.status,
    api_url: `/api/v1/builds/${b.id}`,
    job_name: b.jobName ?? undefined,
    pipeline_id: b.pipelineId ?? undefined,
    pipeline_name: b.pipelineName ?? undefined,
    pipeline_instance_vars: vars(b.pipelineInstanceVars),
    start_time: secs(b.startTime),
    end_time: secs(b.endTime),
    rerun_of: b.rerunOf !== null ? { id: b.rerunOf } : undefined,
    created_by: b.createdBy ?? undefined,
  });
}

export function presentJob(j: S.Job, p: S.Pipeline, summary: S.JobBuildSummary | undefined): P.Job {
  const groups = Array.isArray(p.config?.groups) ? (p.config.groups as unknown as P.GroupConfig[]) : [];
  const inGroups = groups.filter((g) => (g.jobs ?? []).includes(j.name)).map((g) => g.name);
  return compact<P.Job>({
    id: j.id,
    name: j.name,
    team_name: p.teamName,
    pipeline_id: p.id,
    pipeline_name: p.name,
    pipeline_instance_vars: vars(p.instanceVars),
    paused: j.paused || undefined,
    paused_by: j.pausedBy ?? undefined,
    paused_at: secs(j.pausedAt),
    has_new_inputs: j.hasNewInputs || undefined,
    groups: inGroups.length > 0 ? inGroups : undefined,
    first_logged_build_id: j.firstLoggedBuildId || undefined,
    disable_manual_trigger: j.config.disable_manual_trigger === true || undefined,
    next_build: summary?.next ? presentBuild(summary.next) : null,
    finished_build: summary?.finished ? presentBuild(summary.finished) : null,
    transition_build: summary?.transition ? presentBuild(summary.transition) : undefined,
    inputs: jobInputs(j.config),
    outputs: jobOutputs(j.config),
  }) as P.Job;
}

export function presentResource(r: S.Resource, p: S.Pipeline, pin: S.Pin | null, scope: S.ResourceScope | null): P.Resource {
  return compact<P.Resource>({
    name: r.name,
    pipeline_id: p.id,
    pipeline_name: p.name,
    pipeline_instance_vars: vars(p.instanceVars),
    team_name: p.teamName,
    type: r.type,
    last_checked: secs(scope?.lastCheckEnd),
    icon: typeof r.config.icon === 'string' ? r.config.icon : undefined,
    pinned_version: pin?.version,
    pinned_in_config: pin?.fromConfig || undefined,
    pin_comment: pin?.comment ?? undefined,
  });
}

export function presentVersion(v: S.ResourceVersionView): P.ResourceVersion {
  return compact<P.ResourceVersion>({
    id: v.id,
    metadata: v.metadata.length > 0 ? v.metadata : undefined,
    version: v.version,
    enabled: v.enabled,
  });
}

/** GET /api/v1/builds/:id/resources: Concourse's atc.BuildInputsOutputs. */
export interface BuildResources {
  inputs: { name: string; version: S.Version; pipeline_id: number; first_occurrence: boolean }[];
  outputs: { name: string; version: S.Version }[];
}

/**
 * A build's inputs and outputs. As Concourse does, an input whose version the same build
 * also put is left out (the get after a put is not an input of the build).
 */
export function presentBuildResources(b: S.Build, inputs: S.BuildInput[], outputs: S.BuildOutput[]): BuildResources {
  const put = new Set(outputs.map((o) => `${o.resourceId}:${o.versionId}`));
  return {
    inputs: inputs
      .filter((i) => !put.has(`${i.resourceId}:${i.versionId}`))
      .map((i) => ({ name: i.name, version: i.version, pipeline_id: b.pipelineId ?? 0, first_occurrence: i.firstOccurrence })),
    outputs: outputs.map((o) => ({ name: o.name, version: o.version })),
  };
}
