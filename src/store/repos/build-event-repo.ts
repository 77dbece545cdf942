// The append-only event log of each build: ids 1, 2, 3... per build, in append order.
import { NotFoundError, type BuildEvent, type BuildEventInput, type BuildEventRepo, type BuildEventText } from '../../ports';
import { json, type SqlClient } from '../sql-client';

export class SqlBuildEventRepo implements BuildEventRepo {
  constructor(private readonly db: SqlClient) {}

  append(buildId: number, events: BuildEventInput[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      // Bumping the counter locks the build row until commit, so concurrent appends
      // get disjoint, contiguous ids and readers never see a later batch before an earlier one.
      const [row] = await tx.query<{ last: number }>(
        'UPDATE builds SET last_event_id = last_event_id + $2 WHERE id = $1 RETURNING last_event_id AS last',
        [buildId, events.length]);
      if (!row) throw new NotFoundError(`build ${buildId}`);
      if (events.length === 0) return row.last;
      const first = row.last - events.length + 1;
      await tx.query(
        `INSERT INTO build_events (build_id, event_id, type, version, payload)
         SELECT $1, $2 + d.idx, d.type, COALESCE(d.version, '1.0'), d.payload
         FROM jsonb_to_recordset($3::jsonb) AS d(idx integer, type text, version text, payload jsonb)`,
        [buildId, first, json(events.map((e, i) => ({ idx: i, type: e.type, version: e.version ?? null, payload: e.payload })))]);
      await tx.query(`SELECT pg_notify('build_events', $1)`, [String(buildId)]);
      return row.last;
    });
  }

  async list(buildId: number, opts: { after?: number; limit?: number } = {}): Promise<BuildEvent[]> {
    const params: unknown[] = [buildId, opts.after ?? 0];
    let limit = '';
    if (opts.limit !== undefined) { params.push(opts.limit); limit = 'LIMIT $3'; }
    const rows = await this.db.query(
      `SELECT build_id, event_id, type, version, payload FROM build_events
       WHERE build_id = $1 AND event_id > $2 ORDER BY event_id ${limit}`, params);
    return rows.map((r) => ({
      buildId: r.build_id as number, eventId: r.event_id as number, type: r.type as string,
      version: r.version as string, payload: r.payload as BuildEvent['payload'],
    }));
  }

  async listText(buildId: number, opts: { after: number; limit: number }): Promise<BuildEventText[]> {
    const rows = await this.db.query(
      `SELECT event_id, type, version, payload::text AS payload FROM build_events
       WHERE build_id = $1 AND event_id > $2 ORDER BY event_id LIMIT $3`, [buildId, opts.after, opts.limit]);
    return rows.map((r) => ({ eventId: r.event_id as number, type: r.type as string, version: r.version as string, payload: r.payload as string }));
  }

  async deleteForBuild(buildId: number): Promise<number> {
    return (await this.db.query('DELETE FROM build_events WHERE build_id = $1 RETURNING event_id', [buildId])).length;
  }
}
