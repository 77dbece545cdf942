// gantry logout: forget the token of one target (-t) or of every target (-a).
// The URL and team stay, so a later `gantry -t T login` needs no -c.
import { CliError } from '../errors';
import { action, flag, output } from '../io';
import { clearToken, readTargets } from '../targets';

export const run = action(async (input) => {
  const out = output();
  const all = flag(input, 'all');
  if (input.target && !all) {
    await clearToken(input.target);
    out.line(`logged out of target: ${input.target}`);
    return;
  }
  if (!input.target && all) {
    for (const name of Object.keys(await readTargets()).sort()) {
      await clearToken(name);
      out.line(`logged out of target: ${name}`);
    }
    out.line('logged out of all targets');
    return;
  }
  throw new CliError('must specify either --target or --all');
});
