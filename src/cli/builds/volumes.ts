// gantry volumes: the team's volumes as fly lists them (-d adds details).
import { openSession } from '../client';
import { action, flag, output, str } from '../io';
import type { Row } from '../render';

type Obj = Record<string, unknown>;
const s = (v: unknown): string => (v === undefined || v === null || v === '' ? 'n/a' : String(v));

export const run = action(async (input) => {
  const session = await openSession(input.target, str(input, 'team'));
  const rows = await session.client.get<Obj[]>(`/api/v1/teams/${encodeURIComponent(session.team)}/volumes`);
  const out = output({ printTableHeaders: flag(input, 'printTableHeaders') });
  if (flag(input, 'json')) return out.json(rows);
  out.table(['handle', 'worker', 'type', 'identifier'], rows.map((v): Row => [s(v.id), s(v.worker_name), s(v.type), s(v.step_name || v.path)]));
});
