// Per job: the last finished build, the oldest pending/started one, and the
// build where the current run of equal results began (Concourse's transition build).
import { json, type SqlClient } from '../sql-client';
import type { Build, JobBuildSummary } from '../../ports';

export async function jobSummaries(
  db: SqlClient, jobIds: number[], finished: string, load: (ids: number[]) => Promise<Map<number, Build>>,
): Promise<Map<number, JobBuildSummary>> {
  const rows = await db.query<{ job_id: number; finished_id: number | null; next_id: number | null; transition_id: number | null }>(
    `SELECT j.id AS job_id, f.id AS finished_id, n.id AS next_id, tr.id AS transition_id
     FROM jobs j
     LEFT JOIN LATERAL (SELECT id, status FROM builds WHERE job_id = j.id AND status IN ${finished}
                        ORDER BY id DESC LIMIT 1) f ON true
     LEFT JOIN LATERAL (SELECT id FROM builds WHERE job_id = j.id AND status IN ('pending', 'started')
                        ORDER BY id LIMIT 1) n ON true
     LEFT JOIN LATERAL (SELECT min(b.id) AS id FROM builds b
                        WHERE b.job_id = j.id AND b.status IN ${finished} AND b.id > COALESCE(
                          (SELECT max(x.id) FROM builds x WHERE x.job_id = j.id
                             AND x.status IN ${finished} AND x.status <> f.status), 0)) tr ON f.id IS NOT NULL
     WHERE j.id IN (SELECT value::integer FROM jsonb_array_elements_text($1::jsonb))`, [json(jobIds)]);
  const ids = rows.flatMap((r) => [r.finished_id, r.next_id, r.transition_id]).filter((id): id is number => id !== null);
  const builds = ids.length > 0 ? await load([...new Set(ids)]) : new Map<number, Build>();
  const pick = (id: number | null): Build | null => (id === null ? null : builds.get(id) ?? null);
  return new Map(rows.map((r) => [r.job_id, {
    finished: pick(r.finished_id), next: pick(r.next_id), transition: pick(r.transition_id),
  }]));
}
