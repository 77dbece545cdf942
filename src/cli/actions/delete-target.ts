// gantry delete-target: remove a saved target (-t) or all of them (-a).
import { CliError } from '../errors';
import { action, flag, output } from '../io';
import { deleteTarget, writeTargets } from '../targets';

export const run = action(async (input) => {
  const out = output();
  if (flag(input, 'all')) {
    await writeTargets({});
    out.line('deleted all targets');
    return;
  }
  if (!input.target) throw new CliError('must specify either --target or --all');
  await deleteTarget(input.target);
  out.line(`deleted target: ${input.target}`);
});
