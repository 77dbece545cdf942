// Finds the team, pipeline, job or resource a route names and checks that the
// caller may perform the action on it. Reads of public pipelines need no role.
import type * as S from '../ports/store-rows';
import type { ApiContext, ApiDeps } from './context';
import type { Action } from './auth/roles';
import { HttpError, notFound } from './http-error';
import { instanceVarsFromQuery } from './instance-vars';

export interface ScopeOptions {
  /** A public (exposed) pipeline satisfies the check without a role. */
  publicRead?: boolean;
  /** Concourse refuses these actions on an archived pipeline (409). */
  rejectArchived?: boolean;
}

export async function teamFor(c: ApiContext, deps: ApiDeps, action: Action): Promise<S.Team> {
  const name = c.req.param('team')!;
  const access = c.get('access');
  const team = await deps.store.teams.get(name);
  if (!team) {
    // Only say "not found" to someone who could have seen it.
    access.require(name, action);
    throw notFound(`team '${name}'`);
  }
  access.require(team.name, action);
  return team;
}

export function pipelineLabel(name: string, vars: S.JsonObject | null | undefined): string {
  return vars ? `pipeline '${name}/${JSON.stringify(vars)}'` : `pipeline '${name}'`;
}

export async function pipelineFor(c: ApiContext, deps: ApiDeps, action: Action, opts: ScopeOptions = {}): Promise<S.Pipeline> {
  const team = c.req.param('team')!;
  const name = c.req.param('pipeline')!;
  const instanceVars = instanceVarsFromQuery(new URL(c.req.url).searchParams) ?? null;
  const label = pipelineLabel(name, instanceVars);
  const pipeline = await deps.store.pipelines.get({ team, name, instanceVars });
  if (!pipeline) throw notFound(label);
  if (!(opts.publicRead && pipeline.public)) c.get('access').require(team, action, label);
  if (opts.rejectArchived && pipeline.archived) throw new HttpError(409, 'action not allowed for an archived pipeline');
  return pipeline;
}

export async function jobFor(c: ApiContext, deps: ApiDeps, action: Action, opts: ScopeOptions = {}) {
  const pipeline = await pipelineFor(c, deps, action, opts);
  const name = c.req.param('job')!;
  const job = await deps.store.jobs.get(pipeline.id, name);
  if (!job) throw notFound(`job '${name}'`);
  return { pipeline, job };
}

export async function resourceFor(c: ApiContext, deps: ApiDeps, action: Action, opts: ScopeOptions = {}) {
  const pipeline = await pipelineFor(c, deps, action, opts);
  const name = c.req.param('resource')!;
  const resource = await deps.store.resources.get(pipeline.id, name);
  if (!resource || !resource.active) throw notFound(`resource '${name}'`);
  return { pipeline, resource };
}
