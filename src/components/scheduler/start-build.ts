// Starting a pending build: its inputs (resolved now, or a rerun's copied ones), the upstream
// builds behind its `passed:` inputs, its plan (planJob with those versions) and status
// `started`, all in the caller's transaction; then `build_started` tells the build tracker
// (delivered on commit). A plan that cannot be made errors the build with the reason.
import type { JobConfig, ResourceConfig, ResourceTypeConfig } from '../../core/config';
import { planJob, PlanError } from '../../core/planner';
import type { ResolveResult } from '../../core/versions';
import type { Store } from '../../ports/store';
import type { Build, Job, Json, Pipeline, Version } from '../../ports/store-rows';

export const BUILD_STARTED_CHANNEL = 'build_started';

export interface StartInput {
  pipeline: Pipeline;
  job: Job;
  build: Build;
  resolved: ResolveResult;
}

export type StartOutcome = { started: true } | { started: false; reason: string; inputs?: Record<string, string> };

interface Chosen { versions: Record<string, Version>; inputs: { name: string; resourceId: number; versionId: number }[]; pipes: number[] }

async function chooseInputs(tx: Store, s: StartInput): Promise<Chosen | StartOutcome> {
  if (s.build.rerunOf) {
    const copied = await tx.builds.inputs(s.build.id);
    return {
      versions: Object.fromEntries(copied.map((i) => [i.name, i.version])),
      inputs: copied.map(({ name, resourceId, versionId }) => ({ name, resourceId, versionId })),
      pipes: await tx.builds.pipes(s.build.rerunOf),
    };
  }
  if (!s.resolved.ok) {
    const missing = Object.values(s.resolved.missing);
    return {
      started: false,
      reason: `waiting for input${missing.length > 1 ? 's' : ''} ${missing.map((m) => m.name).join(', ')}`,
      inputs: Object.fromEntries(missing.map((m) => [m.name, m.explanation])),
    };
  }
  const resourceIds = new Map((await tx.resources.list(s.pipeline.id)).map((r) => [r.name, r.id]));
  const resolved = Object.values(s.resolved.inputs);
  return {
    versions: Object.fromEntries(resolved.map((i) => [i.name, { ...i.version }])),
    inputs: resolved.map((i) => ({ name: i.name, resourceId: resourceIds.get(i.resource) ?? 0, versionId: i.versionId })),
    pipes: [...new Set(resolved.flatMap((i) => i.passedBuildIds))],
  };
}

function makePlan(s: StartInput, versions: Record<string, Version>): Json {
  const cfg = s.pipeline.config ?? {};
  return planJob(s.job.config as unknown as JobConfig, {
    resources: (Array.isArray(cfg.resources) ? cfg.resources : []) as unknown as ResourceConfig[],
    resourceTypes: (Array.isArray(cfg.resource_types) ? cfg.resource_types : []) as unknown as ResourceTypeConfig[],
    resolvedInputs: versions,
    cacheKeyPrefix: `${s.pipeline.teamName}/${s.pipeline.name}/${s.job.name}`,
  }) as unknown as Json;
}

export async function startBuild(tx: Store, s: StartInput): Promise<StartOutcome> {
  const chosen = await chooseInputs(tx, s);
  if ('started' in chosen) return chosen;
  let plan: Json;
  try {
    plan = makePlan(s, chosen.versions);
  } catch (err) {
    const message = err instanceof PlanError ? err.message : String(err);
    await tx.events.append(s.build.id, [{ type: 'error', version: '4.1', payload: { message, origin: { id: '' }, time: Math.floor(Date.now() / 1000) } }]);
    await tx.builds.finish(s.build.id, 'errored');
    return { started: false, reason: `build ${s.build.name} errored: ${message}` };
  }
  if (!s.build.rerunOf) await tx.builds.saveInputs(s.build.id, chosen.inputs.filter((i) => i.resourceId > 0));
  if (chosen.pipes.length > 0) await tx.builds.savePipes(s.build.id, chosen.pipes);
  await tx.builds.setPlan(s.build.id, plan);
  if (!(await tx.builds.start(s.build.id))) return { started: false, reason: 'aborted before it started' };
  await tx.notifier.notify(BUILD_STARTED_CHANNEL, String(s.build.id));
  return { started: true };
}
