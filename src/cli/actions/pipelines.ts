// pipelines: the team's pipelines (or every visible one with -a).
import { API_PATHS, type Pipeline } from '../../protocol';
import { formatPipelineRef, openSession } from '../client';
import { CliError } from '../errors';
import { action, flag, output, str } from '../io';
import { formatTimestamp, yesNo, type Row } from '../render';
import { refOf } from './pipeline-target';

export const run = action(async (input) => {
  const out = output({ printTableHeaders: flag(input, 'printTableHeaders') });
  const all = flag(input, 'all');
  const archived = flag(input, 'includeArchived');
  if (all && str(input, 'team')) throw new CliError('Cannot specify both --all and --team');
  const session = await openSession(input.target, str(input, 'team'));
  const path = all ? API_PATHS.allPipelines : API_PATHS.pipelines(session.team);
  const pipelines = (await session.client.get<Pipeline[]>(path)).filter((p) => archived || !p.archived);
  if (flag(input, 'json')) return out.json(pipelines);
  const headers = ['id', 'name', ...(all ? ['team'] : []), 'paused', 'public', ...(archived ? ['archived'] : []), 'last updated'];
  const rows: Row[] = pipelines.map((p) => [
    String(p.id),
    formatPipelineRef(refOf(p)),
    ...(all ? [p.team_name] : []),
    yesNo(p.paused),
    yesNo(p.public),
    ...(archived ? [yesNo(p.archived)] : []),
    formatTimestamp(p.last_updated),
  ]);
  out.table(headers, rows);
});
