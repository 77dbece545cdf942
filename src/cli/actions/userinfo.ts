// gantry userinfo: the logged-in user and their role in each team.
import { API_PATHS, type UserInfo } from '../../protocol';
import { openSession } from '../client';
import { action, flag, output } from '../io';

export const run = action(async (input) => {
  const out = output({ printTableHeaders: flag(input, 'printTableHeaders') });
  const session = await openSession(input.target);
  const user = await session.client.get<UserInfo>(API_PATHS.user);
  if (flag(input, 'json')) return out.json(user);
  const roles = Object.entries(user.teams ?? {})
    .flatMap(([team, rs]) => rs.map((r) => `${team}/${r}`))
    .sort();
  out.table(['username', 'team/role'], [[user.display_user_id || user.user_name || user.name, roles.join(',')]]);
});
