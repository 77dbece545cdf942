// resources -p P: each resource, its type, pinned version and last check's status.
import type { Resource } from '../../protocol';
import { CliError } from '../errors';
import { action, flag, output } from '../io';
import { formatVersion, statusCell, type Cell } from '../render';
import { pipelineTarget, pipelineUrl } from './pipeline-target';

export const run = action(async (input) => {
  const out = output({ printTableHeaders: flag(input, 'printTableHeaders') });
  const { session, ref } = await pipelineTarget(input);
  const resources = await session.client.getOptional<Resource[]>(pipelineUrl(session, ref, '/resources'));
  if (!resources) throw new CliError('pipeline not found');
  if (flag(input, 'json')) return out.json(resources);
  out.table(
    ['name', 'type', 'pinned', 'check status'],
    resources.map((r) => {
      const check: Cell = r.build ? statusCell(r.build.status) : { text: 'n/a', color: 'faint' };
      return [r.name, r.type, r.pinned_version ? formatVersion(r.pinned_version) : 'n/a', check];
    }),
  );
});
