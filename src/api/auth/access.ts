// Who is asking and what they may do: the verified token's user, the roles it
// holds on each team (read from the teams' auth, Concourse style), and whether
// it is an admin (an owner of the main team).
import type { Role, TeamAuth } from '../../protocol';
import { forbidden, notFound, unauthorized } from '../http-error';
import { isRole, rolesAllow, type Action } from './roles';
import type { TokenClaims } from './tokens';

export const MAIN_TEAM = 'main';

export interface TeamWithAuth {
  name: string;
  auth: TeamAuth;
}

export class Access {
  private constructor(
    readonly user: TokenClaims | null,
    readonly teamRoles: ReadonlyMap<string, Role[]>,
    readonly isAdmin: boolean,
  ) {}

  static anonymous(): Access {
    return new Access(null, new Map(), false);
  }

  static forUser(user: TokenClaims, teams: readonly TeamWithAuth[]): Access {
    const roles = new Map<string, Role[]>();
    for (const team of teams) {
      const held = rolesIn(team.auth, user.sub);
      if (held.length > 0) roles.set(team.name, held);
    }
    const isAdmin = (roles.get(MAIN_TEAM) ?? []).includes('owner');
    return new Access(user, roles, isAdmin);
  }

  get isAuthenticated(): boolean {
    return this.user !== null;
  }

  rolesOn(team: string): Role[] {
    return this.teamRoles.get(team) ?? [];
  }

  /** Admins may do anything on any team; others need a strong enough role there. */
  can(team: string, action: Action): boolean {
    return this.isAdmin || rolesAllow(this.rolesOn(team), action);
  }

  /** Teams whose contents this user may read. */
  visibleTeams(all: readonly string[]): string[] {
    return all.filter((t) => this.can(t, 'GetTeam'));
  }

  /**
   * Throws unless allowed. A user with no role at all on the team gets 404, so
   * another team's pipelines stay invisible; a weaker role gets 403.
   */
  require(team: string, action: Action, what = `team '${team}'`): void {
    if (this.can(team, action)) return;
    if (!this.isAuthenticated) throw unauthorized();
    if (this.rolesOn(team).length === 0) throw notFound(what);
    throw forbidden(`${action} needs a stronger role than ${this.rolesOn(team).join(', ')} on team '${team}'`);
  }
}

function rolesIn(auth: TeamAuth, sub: string): Role[] {
  const out: Role[] = [];
  for (const [role, who] of Object.entries(auth)) {
    if (isRole(role) && (who?.users ?? []).some((u) => sameUser(u, sub))) out.push(role);
  }
  return out;
}

/** Team auth names users `connector:name` (Concourse); a bare name means a local user. */
function sameUser(entry: string, sub: string): boolean {
  const full = entry.includes(':') ? entry : `local:${entry}`;
  return full.toLowerCase() === sub.toLowerCase();
}
