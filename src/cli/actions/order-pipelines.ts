// order-pipelines -p A -p B ... (or -a): the dashboard order of the team's pipelines.
import { API_PATHS, type OrderPipelinesRequest } from '../../protocol';
import { openSession } from '../client';
import { CliError } from '../errors';
import { action, flag, list, output, str } from '../io';
import { listPipelines } from './pipeline-target';

export const run = action(async (input) => {
  const out = output();
  const names = list(input, 'pipeline');
  const alphabetical = flag(input, 'alphabetical');
  if (!alphabetical && names.length === 0) throw new CliError('either --pipeline or --alphabetical are required');
  const session = await openSession(input.target, str(input, 'team'));
  let ordered: OrderPipelinesRequest;
  if (alphabetical) {
    ordered = [...new Set((await listPipelines(session)).map((p) => p.name))].sort();
  } else {
    const bad = names.find((n) => n.includes('/'));
    if (bad) throw new CliError(`pipeline name "${bad}" cannot contain '/'`);
    ordered = names;
  }
  const res = await session.client.request('PUT', API_PATHS.pipelines(session.team) + '/ordering', { body: ordered });
  await res.body?.cancel();
  out.line('ordered pipelines');
  for (const name of ordered) out.line(`  - ${name}`);
});
