// teams: names, or with -d each team's roles and who holds them.
import { API_PATHS, type Team } from '../../protocol';
import { openSession } from '../client';
import { action, flag, output } from '../io';
import { sortByFirstColumn, type Cell, type Row } from '../render';

function detailRows(t: Team): Row[] {
  return Object.entries(t.auth ?? {}).map(([role, auth]) => {
    const users = auth?.users ?? [];
    const groups = auth?.groups ?? [];
    const usersCell: Cell =
      users.length > 0 ? { text: users.join(',') } : { text: groups.length ? 'none' : 'all', color: 'faint' };
    const groupsCell: Cell = groups.length > 0 ? { text: groups.join(',') } : { text: 'none', color: 'faint' };
    return [`${t.name}/${role}`, usersCell, groupsCell];
  });
}

export const run = action(async (input) => {
  const out = output({ printTableHeaders: flag(input, 'printTableHeaders') });
  const session = await openSession(input.target);
  const teams = await session.client.get<Team[]>(API_PATHS.teams);
  if (flag(input, 'json')) return out.json(teams);
  if (flag(input, 'details')) {
    out.table(['name/role', 'users', 'groups'], sortByFirstColumn(teams.flatMap(detailRows)));
  } else {
    out.table(['name'], sortByFirstColumn(teams.map((t) => [t.name ?? ''])));
  }
});
