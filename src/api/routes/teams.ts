// Teams: list, get, set (create or replace auth), rename, destroy. Creating a
// team and destroying one is for admins (owners of the main team); an owner
// may change or rename their own team. The main team cannot be renamed or
// destroyed: it is where admins come from.
import type { ApiApp, ApiDeps, ApiContext } from '../context';
import type { Team, TeamAuth, RenameRequest } from '../../protocol';
import { MAIN_TEAM } from '../auth/access';
import { isRole } from '../auth/roles';
import { presentTeam } from '../present';
import { teamFor } from '../scope';
import { badRequest, forbidden, notFound, unauthorized } from '../http-error';
import { identifierError } from '../identifiers';
import type { TeamAuth as StoreTeamAuth } from '../../ports/store-rows';

async function jsonBody(c: ApiContext): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw badRequest('request body must be JSON');
  }
}

/** Concourse's rules: at least one role, and each role names users or groups. */
export function validateTeamAuth(auth: unknown): StoreTeamAuth {
  if (!auth || typeof auth !== 'object' || Object.keys(auth).length === 0) {
    throw badRequest('auth config for the team must not be empty');
  }
  const out: StoreTeamAuth = {};
  for (const [role, grant] of Object.entries(auth as Record<string, unknown>)) {
    if (!isRole(role)) throw badRequest(`unknown role '${role}': use owner, member, pipeline-operator or viewer`);
    const g = (grant ?? {}) as { users?: unknown; groups?: unknown };
    const users = Array.isArray(g.users) ? g.users.map(String) : [];
    const groups = Array.isArray(g.groups) ? g.groups.map(String) : [];
    if (users.length === 0 && groups.length === 0) {
      throw badRequest('auth config for the team does not have users and groups configured');
    }
    out[role] = { users, groups };
  }
  return out;
}

function requireAdmin(c: ApiContext, why: string): void {
  const access = c.get('access');
  if (access.isAdmin) return;
  if (!access.isAuthenticated) throw unauthorized();
  throw forbidden(`only admins (owners of the main team) may ${why}`);
}

export function registerTeams(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps;

  app.get('/api/v1/teams', async (c) => {
    const access = c.get('access');
    const teams = (await store.teams.list()).filter((t) => access.can(t.name, 'GetTeam'));
    return c.json(teams.map((t) => presentTeam(t, access.can(t.name, 'SetTeam'))));
  });

  app.get('/api/v1/teams/:team', async (c) => {
    const team = await teamFor(c, deps, 'GetTeam');
    return c.json(presentTeam(team, c.get('access').can(team.name, 'SetTeam')));
  });

  app.put('/api/v1/teams/:team', async (c) => {
    const name = c.req.param('team');
    const body = (await jsonBody(c)) as Partial<Team>;
    const nameError = identifierError(name, 'team');
    if (nameError) throw badRequest(nameError);
    const existing = await store.teams.get(name);
    if (existing) c.get('access').require(name, 'SetTeam');
    else requireAdmin(c, 'create teams');
    const auth = validateTeamAuth(body?.auth as TeamAuth | undefined);
    const { team, created } = await store.teams.save(name, auth);
    return c.json(presentTeam(team, true), created ? 201 : 200);
  });

  app.put('/api/v1/teams/:team/rename', async (c) => {
    const team = await teamFor(c, deps, 'RenameTeam');
    if (team.name === MAIN_TEAM) throw forbidden('the main team cannot be renamed');
    const body = (await jsonBody(c)) as Partial<RenameRequest>;
    if (typeof body?.name !== 'string') throw badRequest('body must be {"name": "NEW-NAME"}');
    const err = identifierError(body.name, 'team');
    if (err) throw badRequest(err);
    await store.teams.rename(team.name, body.name);
    return c.body(null, 204);
  });

  app.delete('/api/v1/teams/:team', async (c) => {
    requireAdmin(c, 'destroy teams');
    const name = c.req.param('team');
    if (name === MAIN_TEAM) throw forbidden('the main team cannot be destroyed');
    if (!(await store.teams.destroy(name))) throw notFound(`team '${name}'`);
    return c.body(null, 204);
  });
}
