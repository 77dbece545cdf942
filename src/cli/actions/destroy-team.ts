// destroy-team -n TEAM: asks to type the team's name (unless --non-interactive).
import { API_PATHS } from '../../protocol';
import { openSession } from '../client';
import { CliError } from '../errors';
import { action, ask, flag, output, required } from '../io';

export const run = action(async (input) => {
  const out = output();
  const team = required(input, 'teamName', '-n, --team-name');
  const session = await openSession(input.target);
  out.line(`!!! this will remove all data for team \`${team}\``);
  out.line();
  if (!flag(input, 'nonInteractive')) {
    const typed = await ask('please type the team name to confirm: ');
    if (typed?.trim() !== team) throw new CliError('incorrect team name; bailing out');
  }
  const res = await session.client.request('DELETE', API_PATHS.team(team), { accept: [403, 404] });
  await res.body?.cancel();
  if (res.status === 404) throw new CliError(`team '${team}' does not exist`);
  if (res.status === 403) {
    throw new CliError(
      `could not destroy \`${team}\`\n\neither your team is not an admin or it is the last admin team`,
    );
  }
  out.line();
  out.line(`\`${team}\` deleted`);
});
