// Jobs as the saved config declared them, plus the flags the scheduler and users set.
import { NotFoundError, type Job, type JobRepo } from '../../ports';
import { json, type SqlClient } from '../sql-client';
import { toJob } from './map-rows';

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
    if (!paused) await this.notifySchedule(id);
    return toJob(row);
  }
  async setHasNewInputs(id: number, value: boolean): Promise<void> {
    await this.db.query('UPDATE jobs SET has_new_inputs = $2 WHERE id = $1', [id, value]);
  }
  async requestSchedule(id: number): Promise<void> {
    await this.db.query('UPDATE jobs SET schedule_requested_at = now() WHERE id = $1', [id]);
    await this.notifySchedule(id);
  }
  private async notifySchedule(id: number): Promise<void> {
    await this.db.query(`SELECT pg_notify('job_schedule', $1)`, [String(id)]);
  }
}
