// set-team -n TEAM -c roles.yml (or --local-user U): shows the roles, asks,
// then creates or updates the team.
import { readFile } from 'node:fs/promises';
import { API_PATHS, ROLES, type SaveConfigResponse, type TeamAuth } from '../../protocol';
import { openSession } from '../client';
import { CliError } from '../errors';
import { action, confirm, flag, list, output, required, str, type Output } from '../io';
import { authFromLocalUsers, parseTeamConfig, TeamConfigError } from '../teams';
import { showWarnings } from './warnings';

async function loadAuth(file: string | undefined, users: string[]): Promise<TeamAuth> {
  if (!file) return authFromLocalUsers(users);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`could not read team config ${file}: ${(err as Error).message}`);
  }
  return parseTeamConfig(text, file);
}

function describe(out: Output, team: string, auth: TeamAuth): void {
  const c = out.colors;
  out.line(`setting team: ${c.bold(team)}`);
  for (const role of ROLES.filter((r) => auth[r])) {
    const { users = [], groups = [] } = auth[role]!;
    out.line();
    out.line(`role ${c.bold(role)}:`);
    out.line('  users:');
    for (const u of users) out.line(`  - ${u}`);
    if (users.length === 0) out.line(`    ${c.faint('none')}`);
    out.line();
    out.line('  groups:');
    for (const g of groups) out.line(`  - ${g}`);
    if (groups.length === 0) out.line(`    ${c.faint('none')}`);
  }
}

export const run = action(async (input) => {
  const out = output();
  const team = required(input, 'teamName', '-n, --team-name');
  if (team.includes('/')) throw new CliError("team name cannot contain '/'");
  let auth: TeamAuth;
  try {
    auth = await loadAuth(str(input, 'config'), list(input, 'localUser'));
  } catch (err) {
    // Findings print like a compiler's, one per line, as validate-pipeline's do.
    if (!(err instanceof TeamConfigError)) throw err;
    process.stderr.write(`${err.lines.join('\n')}\n`);
    return 1;
  }
  const session = await openSession(input.target);
  describe(out, team, auth);
  if (!flag(input, 'nonInteractive')) {
    out.line();
    if (!(await confirm('apply team configuration?'))) throw new CliError('bailing out');
  }
  const res = await session.client.request('PUT', API_PATHS.team(team), { body: { auth } });
  const text = await res.text();
  const body = (text ? JSON.parse(text) : {}) as SaveConfigResponse;
  showWarnings(out, body.warnings);
  out.line(res.status === 201 ? 'team created' : 'team updated');
});
