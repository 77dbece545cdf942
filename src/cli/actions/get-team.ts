// get-team: one team's roles and who holds them.
import { API_PATHS, type Team } from '../../protocol';
import { openSession } from '../client';
import { CliError } from '../errors';
import { action, flag, output, str } from '../io';

export const run = action(async (input) => {
  const out = output({ printTableHeaders: flag(input, 'printTableHeaders') });
  const session = await openSession(input.target, str(input, 'team'));
  const team = await session.client.getOptional<Team>(API_PATHS.team(session.team));
  if (!team) throw new CliError(`team '${session.team}' does not exist`);
  if (flag(input, 'json')) return out.json(team);
  const rows = Object.entries(team.auth ?? {}).map(([role, a]) => [
    `${team.name ?? session.team}/${role}`,
    (a?.users ?? []).join(',') || 'none',
    (a?.groups ?? []).join(',') || 'none',
  ]);
  out.table(['name/role', 'users', 'groups'], rows);
});
