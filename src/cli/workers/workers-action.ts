// workers [-d] [--json]: the registered workers; stalled ones follow in their own table.
import { openSession } from '../client';
import { action, flag, output } from '../io';
import { DETAIL_HEADERS, splitWorkers, WORKER_HEADERS, type WorkerJson } from './workers-table';

export const run = action(async (input) => {
  const out = output({ printTableHeaders: flag(input, 'printTableHeaders') });
  const session = await openSession(input.target);
  const workers = await session.client.get<WorkerJson[]>('/api/v1/workers');
  if (flag(input, 'json')) return out.json(workers);
  const details = flag(input, 'details');
  const { live, stalled } = splitWorkers(workers, Math.floor(Date.now() / 1000), details);
  const headers = details ? DETAIL_HEADERS : WORKER_HEADERS;
  out.table(headers, live);
  if (stalled.length > 0) {
    out.line();
    out.line('the following workers have not checked in recently:');
    out.line();
    out.table(headers, stalled);
    out.line();
    out.line('these stalled workers can be cleaned up by running:');
    out.line();
    out.line(`    gantry -t ${session.targetName} prune-worker -w (name)`);
  }
});
