// gantry abort-build: -j P/J -b NAME, or --build ID; fly's message on success.
import { openSession } from '../client';
import { CliError } from '../errors';
import { action, str } from '../io';
import { findBuild } from './find-build';

export const run = action(async (input) => {
  const job = str(input, 'job');
  const build = str(input, 'build');
  if (!build) throw new CliError("the required flag `-b, --build' was not specified");
  const session = await openSession(input.target, str(input, 'team'));
  const found = await findBuild(session, job, build);
  await session.client.request('PUT', `/api/v1/builds/${found.id}/abort`);
  process.stdout.write('build successfully aborted\n');
});
