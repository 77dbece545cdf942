// Jobs as the saved config declared them, plus the flags the scheduler and users set.
import { NotFoundError, type Job, type JobRepo } from '../../ports';
import { json, type SqlClient } from '../sql-client';
import { toJob } from './map-rows';

// Request times are whole milliseconds and strictly increase, so the Date the scheduler reads
// (ms precision) is exactly the stored value and a later request is always newer than it.
const REQUEST = `schedule_requested_at = GREATEST(date_trunc('milliseconds', now()),
  schedule_requested_at + interval '1 millisecond')`;

export class SqlJobRepo implements JobRepo {
  constructor(private readonly db: SqlClient) {}

  async get(pipelineId: number, name: string): Promise<Job | null> {
    const [row] = await this.db.query('SELECT * FROM jobs WHERE pipeline_id = $1 AND name = $2', [pipelineId, name]);
    return row ? toJob(row) : null;
  }
  async getById(id: number): Promise<Job | null> {
    const [row] = await this.db.query('SELECT * FROM jobs WHERE id = $1', [id]);
    return row ? toJob(row) : null;
  }
  async list(pipelineId: number, opts: { includeInactive?: boolean } = {}): Promise<Job[]> {
    const active = opts.includeInactive ? '' : 'AND active';
    return (await this.db.query(`SELECT * FROM jobs WHERE pipeline_id = $1 ${active} ORDER BY ordering, id`, [pipelineId]))
      .map(toJob);
  }
  async listForPipelines(pipelineIds: number[]): Promise<Job[]> {
    return (await this.db.query(
      `SELECT * FROM jobs WHERE active AND pipeline_id IN (SELECT value::integer FROM jsonb_array_elements_text($1::jsonb))
       ORDER BY pipeline_id, ordering, id`, [json(pipelineIds)])).map(toJob);
  }
  async setPaused(id: number, paused: boolean, by: string | null = null): Promise<Job> {
    const [row] = await this.db.query(paused
      ? 'UPDATE jobs SET paused = true, paused_by = $2, paused_at = now() WHERE id = $1 RETURNING *'
      : 'UPDATE jobs SET paused = false, paused_by = NULL, paused_at = NULL WHERE id = $1 RETURNING *',
    paused ? [id, by] : [id]);
    if (!row) throw new NotFoundError(`job ${id}`);
    if (paused) return toJob(row);
    await this.requestSchedule(id);
    return (await this.getById(id))!;
  }
  async setHasNewInputs(id: number, value: boolean): Promise<void> {
    await this.db.query('UPDATE jobs SET has_new_inputs = $2 WHERE id = $1', [id, value]);
  }
  async requestSchedule(id: number): Promise<void> {
    // The request and its notification in one statement (one round trip per trigger); a
    // data-modifying WITH runs whether or not the outer SELECT reads it.
    await this.db.query(
      `WITH requested AS (UPDATE jobs SET ${REQUEST} WHERE id = $1)
       SELECT pg_notify('job_schedule', $1::text)`, [id]);
  }
  async requestScheduleForPipelines(pipelineIds: number[]): Promise<void> {
    await this.db.query(
      `UPDATE jobs SET ${REQUEST}
       WHERE active AND pipeline_id IN (SELECT value::integer FROM jsonb_array_elements_text($1::jsonb))`,
      [json(pipelineIds)]);
    await this.notifySchedule('*');
  }
  async listDueForSchedule(): Promise<Job[]> {
    return (await this.db.query(
      `SELECT j.* FROM jobs j JOIN pipelines p ON p.id = j.pipeline_id
       WHERE j.active AND NOT p.paused AND NOT p.archived AND j.schedule_requested_at IS NOT NULL
         AND (j.last_scheduled_at IS NULL OR j.schedule_requested_at > j.last_scheduled_at)
       ORDER BY j.schedule_requested_at, j.id`)).map(toJob);
  }
  async markScheduled(id: number, requestedAt: Date): Promise<void> {
    // GREATEST: a slow pass must not move the bookmark back behind a faster one.
    await this.db.query(
      'UPDATE jobs SET last_scheduled_at = GREATEST(last_scheduled_at, $2::timestamptz) WHERE id = $1', [id, requestedAt]);
  }
  async setFirstLoggedBuild(id: number, buildId: number): Promise<void> {
    // Reaping only moves forward; an older value from a slower pass must not bring it back.
    await this.db.query('UPDATE jobs SET first_logged_build_id = GREATEST(first_logged_build_id, $2) WHERE id = $1', [id, buildId]);
  }
  private async notifySchedule(payload: string): Promise<void> {
    await this.db.query(`SELECT pg_notify('job_schedule', $1)`, [payload]);
  }
}
