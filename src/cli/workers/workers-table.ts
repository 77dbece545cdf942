// Pure rendering of `gantry workers`: fly's columns, stalled workers in their own table.
import type { WorkerJson } from '../../protocol';
import { formatDuration, sortByFirstColumn, type Cell, type Row } from '../render';

export type { WorkerJson };

export const WORKER_HEADERS = ['name', 'containers', 'platform', 'tags', 'team', 'state', 'version', 'age'];
export const DETAIL_HEADERS = [...WORKER_HEADERS, 'address', 'active volumes', 'active tasks'];

const none: Cell = { text: 'none', color: 'faint' };

export function workerRow(w: WorkerJson, nowSeconds: number, details = false): Row {
  const tags = w.tags ?? [];
  const row: Row = [
    w.name, String(w.active_containers), w.platform, tags.length > 0 ? tags.join(', ') : none, w.team || none,
    w.state, w.version || none, w.start_time > 0 ? formatDuration(nowSeconds - w.start_time) : 'n/a',
  ];
  if (details) row.push(w.addr || none, String(w.active_volumes), String(w.active_tasks));
  return row;
}

/** Workers that check in, and the stalled ones fly lists apart. */
export function splitWorkers(workers: WorkerJson[], nowSeconds: number, details = false): { live: Row[]; stalled: Row[] } {
  const rows = (list: WorkerJson[]): Row[] => sortByFirstColumn(list.map((w) => workerRow(w, nowSeconds, details)));
  return {
    live: rows(workers.filter((w) => w.state !== 'stalled')),
    stalled: rows(workers.filter((w) => w.state === 'stalled')),
  };
}
