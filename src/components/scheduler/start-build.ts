// Starting a pending build: its inputs (resolved now, or a rerun's copied ones), the upstream
// builds behind its `passed:` inputs, its plan (planJob with those versions) and status
// `started`, all in the caller's transaction; then `build_started` tells the build tracker
// (delivered on commit). A plan that cannot be made errors the build with the reason.
// A manually triggered build first waits for a check of its inputs (Concourse 7): the API
// asks for those checks when it creates the build (manualCheckInputs), and the build starts
// once every such input's history was checked after the build was created.
import type { JobConfig, ResourceConfig, ResourceTypeConfig } from '../../core/config';
import { planJob, PlanError } from '../../core/planner';
import type { ResolveResult } from '../../core/versions';
import type { Store } from '../../ports/store';
import type { Build, Job, Json, Pipeline, Resource, Version } from '../../ports/store-rows';
import { jobInputConfigs } from './job-inputs';


export interface StartInput {
  pipeline: Pipeline;
  job: Job;
  build: Build;
  resolved: ResolveResult;
}

export type StartOutcome = { started: true } | { started: false; reason: string; inputs?: Record<string, string> };

/** After this long a manual build stops waiting for its checks (no checker answered, say). */
export const MANUAL_CHECK_WAIT_MS = 5 * 60_000;

/**
 * The resources a manual trigger checks first: inputs without `passed` (checking them cannot
 * change what passed upstream) whose resource is not pinned — Concourse's rule.
 */
export async function manualCheckInputs(store: Store, job: Job): Promise<{ input: string; resource: Resource }[]> {
  const out: { input: string; resource: Resource }[] = [];
  const seen = new Set<number>();
  for (const input of jobInputConfigs(job.config)) {
    if (input.passed && input.passed.length > 0) continue;
    const resource = await store.resources.get(job.pipelineId, input.resource);
    if (!resource || seen.has(resource.id) || (await store.resources.getPin(resource.id))) continue;
    seen.add(resource.id);
    out.push({ input: input.name, resource });
  }
  return out;
}

/** Why a manual build must wait for its inputs' checks, or null when it may start. */
async function awaitingChecks(tx: Store, s: StartInput): Promise<string | null> {
  const b = s.build;
  if (!b.manuallyTriggered || b.rerunOf || Date.now() - b.createTime.getTime() > MANUAL_CHECK_WAIT_MS) return null;
  for (const { input, resource } of await manualCheckInputs(tx, s.job)) {
    const scope = resource.scopeId !== null ? await tx.versions.getScope(resource.scopeId) : null;
    if (!scope?.lastCheckEnd || scope.lastCheckEnd < b.createTime) return `waiting for the check of input ${input} (a manual trigger checks its inputs first)`;
    if (await newerThanResolved(tx, s, input, resource, scope.id)) {
      // The check finished after this pass read the history: look again with the new version.
      await tx.jobs.requestSchedule(s.job.id);
      return `waiting for the newest version of input ${input}`;
    }
  }
  return null;
}

/** Whether the history holds a usable version newer than what a `latest` input resolved to. */
async function newerThanResolved(tx: Store, s: StartInput, input: string, resource: Resource, scopeId: number): Promise<boolean> {
  const cfg = jobInputConfigs(s.job.config).find((i) => i.name === input);
  const resolved = s.resolved.inputs[input];
  if (!resolved || (cfg?.version !== undefined && cfg.version !== 'latest')) return false;
  const newest = await tx.versions.latest(scopeId);
  if (!newest || newest.id === resolved.versionId) return false;
  return (await tx.versions.getForResource(resource.id, newest.id))?.enabled ?? false;
}

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
  const resolved = Object.values(s.resolved.inputs);
  // A job without inputs (a triggered one-task job) needs no resource ids: no query.
  const resourceIds = new Map(resolved.length === 0 ? [] : (await tx.resources.list(s.pipeline.id)).map((r) => [r.name, r.id]));
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
  const waiting = await awaitingChecks(tx, s);
  if (waiting) return { started: false, reason: waiting };
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
  // A new build has no inputs stored yet (a pass is one transaction), so none is nothing to save.
  const inputs = chosen.inputs.filter((i) => i.resourceId > 0);
  if (!s.build.rerunOf && inputs.length > 0) await tx.builds.saveInputs(s.build.id, inputs);
  if (chosen.pipes.length > 0) await tx.builds.savePipes(s.build.id, chosen.pipes);
  // Plan, status and the `build_started` the tracker waits for, in one statement.
  if (!(await tx.builds.start(s.build.id, { plan, announce: true }))) return { started: false, reason: 'aborted before it started' };
  return { started: true };
}
