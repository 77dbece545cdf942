// The append-only event log of each build: ids 1, 2, 3... per build, in append order.
import { NotFoundError, type BuildEvent, type BuildEventInput, type BuildEventRepo, type BuildEventText, type BuildStatus } from '../../ports';
import { json, type SqlClient } from '../sql-client';

export class SqlBuildEventRepo implements BuildEventRepo {
  constructor(private readonly db: SqlClient) {}

  async append(buildId: number, events: BuildEventInput[]): Promise<number> {
    // One statement (atomic on its own; every round trip shows in a log's latency). Bumping
    // the counter locks the build row until commit, so concurrent appends get disjoint,
    // contiguous ids and readers never see a later batch before an earlier one.
    const [row] = await this.db.query<{ last: number }>(
      `WITH bumped AS (
         UPDATE builds SET last_event_id = last_event_id + $2 WHERE id = $1 RETURNING last_event_id AS last),
       inserted AS (
         INSERT INTO build_events (build_id, event_id, type, version, payload)
         SELECT $1, bumped.last - $2 + 1 + d.idx, d.type, COALESCE(d.version, '1.0'), d.payload
         FROM bumped, jsonb_to_recordset($3::jsonb) AS d(idx integer, type text, version text, payload jsonb))
       SELECT last, pg_notify('build_events', $1::text) FROM bumped`,
      [buildId, events.length, json(events.map((e, i) => ({ idx: i, type: e.type, version: e.version ?? null, payload: e.payload })))]);
    if (!row) throw new NotFoundError(`build ${buildId}`);
    return row.last;
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

  async pageText(buildId: number, opts: { after: number; limit: number }): Promise<{ status: BuildStatus | null; events: BuildEventText[] }> {
    const rows = await this.db.query(
      `SELECT b.status, e.event_id, e.type, e.version, e.payload
       FROM builds b LEFT JOIN LATERAL (
         SELECT event_id, type, version, payload::text AS payload FROM build_events
         WHERE build_id = b.id AND event_id > $2 ORDER BY event_id LIMIT $3) e ON true
       WHERE b.id = $1 ORDER BY e.event_id`, [buildId, opts.after, opts.limit]);
    if (rows.length === 0) return { status: null, events: [] };
    const events = rows.filter((r) => r.event_id !== null)
      .map((r) => ({ eventId: r.event_id as number, type: r.type as string, version: r.version as string, payload: r.payload as string }));
    return { status: rows[0]!.status as BuildStatus, events };
  }

  async deleteForBuild(buildId: number): Promise<number> {
    return (await this.db.query('DELETE FROM build_events WHERE build_id = $1 RETURNING event_id', [buildId])).length;
  }
}
