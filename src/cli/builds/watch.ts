// gantry watch: prints a build's log as fly does (the whole history, then live), and
// exits with the build's code (the task's exit status, else 1/2/3).
import { openSession } from '../client';
import { action, flag, str } from '../io';
import { findBuild } from './find-build';
import { watchBuild } from './watch-build';

export const run = action(async (input) => {
  const session = await openSession(input.target, str(input, 'team'));
  const build = await findBuild(session, str(input, 'job'), str(input, 'build'));
  return watchBuild(session.client, build.id, { timestamps: flag(input, 'timestamps') });
});
