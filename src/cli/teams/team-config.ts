// Concourse's team config file for `set-team -c`:
//   roles:
//   - name: owner
//     local:  { users: [admin] }
//     github: { users: [octocat], orgs: [acme], teams: ["acme:ci"] }
// becomes the API's auth map: { owner: { users: [local:admin, github:octocat],
// groups: [github:acme, github:acme:ci] } }. Names are lower-cased, as Concourse does.
// Every mistake is reported at once, as validate-pipeline reports them:
// `file:line:col: error: roles[1].name: message`.
import { formatDiagnostic, formatPath, parseYamlSource, type ConfigPath, type Diagnostic, type Locate } from '../../core/config';
import { ROLES, type Role, type TeamAuth } from '../../protocol';
import { CliError } from '../errors';

type RoleAuth = { users: string[]; groups: string[] };

/** A roles file with mistakes; `lines` are the compiler-style findings, one per mistake. */
export class TeamConfigError extends CliError {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'TeamConfigError';
  }
}

class Findings {
  readonly list: Diagnostic[] = [];
  constructor(private readonly file: string, private readonly locate: Locate) {}
  error(path: ConfigPath, message: string): void {
    const pos = this.locate(path);
    this.list.push({ severity: 'error', message, file: this.file, line: pos?.line ?? 1, column: pos?.column ?? 1, path: formatPath(path) });
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function addConnector(auth: RoleAuth, connector: string, config: unknown, at: ConfigPath, out: Findings): void {
  if (config == null) return;
  if (!isMap(config)) return out.error(at, `must be a mapping of users, groups, orgs or teams`);
  for (const [field, value] of Object.entries(config)) {
    if (value == null) continue;
    if (!Array.isArray(value)) {
      out.error([...at, field], 'must be a list');
      continue;
    }
    const names = value.map(String).filter((s) => s !== '').map((n) => `${connector}:${n.toLowerCase()}`);
    if (field === 'users') auth.users.push(...names);
    else auth.groups.push(...names);
  }
}

function readRoles(doc: unknown, out: Findings): TeamAuth {
  const roles = isMap(doc) ? doc.roles : undefined;
  if (!Array.isArray(roles)) {
    out.error(isMap(doc) && 'roles' in doc ? ['roles'] : [], "expected a 'roles' list");
    return {};
  }
  const auth: TeamAuth = {};
  roles.forEach((role: unknown, i) => {
    if (!isMap(role)) return out.error(['roles', i], 'must be a mapping with a name');
    const { name, ...connectors } = role;
    if (!ROLES.includes(name as Role)) {
      return out.error(['roles', i, 'name'], `unknown role '${String(name ?? '')}' (roles are ${ROLES.join(', ')})`);
    }
    // A role listed twice keeps the users of both entries rather than the last one only.
    const entry: RoleAuth = auth[name as Role] ? { ...(auth[name as Role] as RoleAuth) } : { users: [], groups: [] };
    for (const [connector, config] of Object.entries(connectors)) addConnector(entry, connector, config, ['roles', i, connector], out);
    if (entry.users.length || entry.groups.length) auth[name as Role] = entry;
  });
  return auth;
}

/** Parses the roles file's text; `file` names it in errors. Throws TeamConfigError listing every mistake. */
export function parseTeamConfig(text: string, file: string): TeamAuth {
  const source = parseYamlSource(text, file);
  const out = new Findings(file, source.locate);
  const yamlErrors = source.diagnostics.filter((d) => d.severity === 'error');
  if (yamlErrors.length > 0) throw new TeamConfigError(yamlErrors.map(formatDiagnostic));
  const auth = readRoles(source.value, out);
  if (out.list.length > 0) throw new TeamConfigError(out.list.map(formatDiagnostic));
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
