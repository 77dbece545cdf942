// gantry containers / volumes: the team's containers and volumes as fly lists them.
import { openSession } from '../client';
import { action, flag, output, str } from '../io';
import type { Row } from '../render';

type Obj = Record<string, unknown>;
const s = (v: unknown): string => (v === undefined || v === null || v === '' ? 'none' : String(v));

export const run = action(async (input) => {
  const session = await openSession(input.target, str(input, 'team'));
  const rows = await session.client.get<Obj[]>(`/api/v1/teams/${encodeURIComponent(session.team)}/containers`);
  const out = output({ printTableHeaders: flag(input, 'printTableHeaders') });
  if (flag(input, 'json')) return out.json(rows);
  out.table(
    ['handle', 'worker', 'pipeline', 'job', 'build #', 'build id', 'type', 'name', 'attempt'],
    rows.map((c): Row => [s(c.id), s(c.worker_name), s(c.pipeline_name), s(c.job_name), s(c.build_name), s(c.build_id), s(c.type), s(c.step_name), s(c.attempt)]),
  );
});
