// gantry targets: the saved targets with their URL, team and token expiry.
import { action, flag, output } from '../io';
import { sortByFirstColumn } from '../render';
import { describeExpiry, readTargets } from '../targets';

export const run = action(async (input) => {
  const out = output({ printTableHeaders: flag(input, 'printTableHeaders') });
  const targets = await readTargets();
  const rows = Object.entries(targets).map(([name, t]) => [name, t.api, t.team, describeExpiry(t.token)]);
  out.table(['name', 'url', 'team', 'expiry'], sortByFirstColumn(rows));
});
