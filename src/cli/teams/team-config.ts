// Concourse's team config file for `set-team -c`:
//   roles:
//   - name: owner
//     local:  { users: [admin] }
//     github: { users: [octocat], orgs: [acme], teams: ["acme:ci"] }
// becomes the API's auth map: { owner: { users: [local:admin, github:octocat],
// groups: [github:acme, github:acme:ci] } }. Names are lower-cased, as Concourse does.
import { parse } from 'yaml';
import { ROLES, type Role, type TeamAuth } from '../../protocol';
import { CliError } from '../errors';

type RoleAuth = { users: string[]; groups: string[] };

function strings(v: unknown, where: string): string[] {
  if (v == null) return [];
  if (!Array.isArray(v)) throw new CliError(`${where} must be a list`);
  return v.map(String).filter((s) => s !== '');
}

function addConnector(auth: RoleAuth, connector: string, config: unknown, where: string): void {
  if (config == null) return;
  if (typeof config !== 'object' || Array.isArray(config)) throw new CliError(`${where} must be a mapping`);
  for (const [field, value] of Object.entries(config)) {
    const names = strings(value, `${where}.${field}`).map((n) => `${connector}:${n.toLowerCase()}`);
    if (field === 'users') auth.users.push(...names);
    else auth.groups.push(...names);
  }
}

/** Parses the roles file's text; `file` names it in errors. */
export function parseTeamConfig(text: string, file: string): TeamAuth {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new CliError(`${file}: ${(err as Error).message}`);
  }
  const roles = (doc as { roles?: unknown } | null)?.roles;
  if (!Array.isArray(roles)) throw new CliError(`${file}: expected a 'roles' list`);
  const auth: TeamAuth = {};
  roles.forEach((role: unknown, i) => {
    const where = `${file}: roles[${i}]`;
    if (typeof role !== 'object' || role === null) throw new CliError(`${where} must be a mapping`);
    const { name, ...connectors } = role as Record<string, unknown>;
    if (!ROLES.includes(name as Role)) {
      throw new CliError(`${where}: unknown role '${String(name)}' (roles are ${ROLES.join(', ')})`);
    }
    const entry: RoleAuth = { users: [], groups: [] };
    for (const [connector, config] of Object.entries(connectors)) addConnector(entry, connector, config, `${where}.${connector}`);
    if (entry.users.length || entry.groups.length) auth[name as Role] = entry;
  });
  return validateAuth(auth);
}

/** --local-user NAME...: owners only, as fly's flags make them. */
export function authFromLocalUsers(users: string[]): TeamAuth {
  return validateAuth({ owner: { users: users.map((u) => `local:${u.toLowerCase()}`), groups: [] } });
}

export function validateAuth(auth: TeamAuth): TeamAuth {
  const roles = Object.values(auth);
  if (roles.length === 0) throw new CliError('auth config for the team must not be empty');
  if (roles.some((r) => !r?.users?.length && !r?.groups?.length)) {
    throw new CliError('auth config for the team does not have users and groups configured');
  }
  return auth;
}
