// Pipelines: saving (see save-pipeline-config), reading, and the flags users flip.
import {
  ConflictError, NotFoundError,
  type Pipeline, type PipelineFilter, type PipelineRef, type PipelineRepo, type SavePipelineConfig, type SavePipelineResult,
} from '../../ports';
import { json, type SqlClient } from '../sql-client';
import { PIPELINE_COLUMNS, toPipeline } from './map-rows';
import { savePipelineConfig } from './save-pipeline-config';
import { isUniqueViolation } from './sql-errors';

const SELECT = `SELECT ${PIPELINE_COLUMNS} FROM pipelines p JOIN teams t ON t.id = p.team_id`;
const ORDER = 'ORDER BY t.name, p.ordering, p.name, p.id';

export class SqlPipelineRepo implements PipelineRepo {
  constructor(private readonly db: SqlClient) {}

  saveConfig(input: SavePipelineConfig): Promise<SavePipelineResult> {
    return this.db.transaction((tx) => savePipelineConfig(tx, input));
  }

  async get(ref: PipelineRef): Promise<Pipeline | null> {
    const [row] = await this.db.query(
      `${SELECT} WHERE t.name = $1 AND p.name = $2 AND COALESCE(p.instance_vars, 'null'::jsonb) = $3::jsonb`,
      [ref.team, ref.name, json(ref.instanceVars ?? null)]);
    return row ? toPipeline(row) : null;
  }
  async getById(id: number): Promise<Pipeline | null> {
    const [row] = await this.db.query(`${SELECT} WHERE p.id = $1`, [id]);
    return row ? toPipeline(row) : null;
  }
  async instances(team: string, name: string): Promise<Pipeline[]> {
    return (await this.db.query(`${SELECT} WHERE t.name = $1 AND p.name = $2 ${ORDER}`, [team, name])).map(toPipeline);
  }

  async list(filter: PipelineFilter = {}): Promise<Pipeline[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const visible: string[] = [];
    if (filter.teams) {
      params.push(json(filter.teams));
      visible.push(`t.name IN (SELECT jsonb_array_elements_text($${params.length}::jsonb))`);
    }
    if (filter.includePublic) visible.push('p.public');
    if (visible.length > 0) where.push(`(${visible.join(' OR ')})`);
    if (!filter.includeArchived) where.push('NOT p.archived');
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    return (await this.db.query(`${SELECT} ${clause} ${ORDER}`, params)).map(toPipeline);
  }

  async setPaused(id: number, paused: boolean, by: string | null = null): Promise<Pipeline> {
    return this.update(id, paused
      ? 'paused = true, paused_by = $2, paused_at = now()'
      : 'paused = false, paused_by = NULL, paused_at = NULL', paused ? [by] : []);
  }
  async setPublic(id: number, isPublic: boolean): Promise<Pipeline> {
    return this.update(id, 'public = $2', [isPublic]);
  }

  async archive(id: number): Promise<Pipeline> {
    return this.db.transaction(async (tx) => {
      const repo = new SqlPipelineRepo(tx);
      const pipeline = await repo.update(id,
        `archived = true, config = NULL, paused = true, paused_at = COALESCE(paused_at, now()), last_updated = now()`, []);
      for (const kind of ['jobs', 'resources', 'resource_types']) {
        await tx.query(`UPDATE ${kind} SET active = false WHERE pipeline_id = $1`, [id]);
      }
      return pipeline;
    });
  }

  async rename(team: string, name: string, newName: string): Promise<void> {
    try {
      const rows = await this.db.query(
        `UPDATE pipelines p SET name = $3, last_updated = now() FROM teams t
         WHERE t.id = p.team_id AND t.name = $1 AND p.name = $2 RETURNING p.id`, [team, name, newName]);
      if (rows.length === 0) throw new NotFoundError(`pipeline '${name}'`);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(`pipeline '${newName}' already exists`, { cause: err });
      throw err;
    }
  }

  async order(team: string, names: string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows = await tx.query<{ name: string }>(
        `SELECT p.name FROM pipelines p JOIN teams t ON t.id = p.team_id WHERE t.name = $1
         GROUP BY p.name ORDER BY min(p.ordering), p.name`, [team]);
      const known = rows.map((r) => r.name);
      const unknown = names.find((n) => !known.includes(n));
      if (unknown !== undefined) throw new NotFoundError(`pipeline '${unknown}'`);
      const ordered = [...new Set(names), ...known.filter((n) => !names.includes(n))];
      await tx.query(
        `UPDATE pipelines p SET ordering = o.idx FROM teams t,
           (SELECT value AS name, ordinality AS idx FROM jsonb_array_elements_text($2::jsonb) WITH ORDINALITY) o
         WHERE t.id = p.team_id AND t.name = $1 AND p.name = o.name`, [team, json(ordered)]);
    });
  }

  async destroy(id: number): Promise<boolean> {
    const rows = await this.db.query('DELETE FROM pipelines WHERE id = $1 RETURNING id', [id]);
    if (rows.length > 0) await this.db.query(`SELECT pg_notify('pipeline_changed', $1)`, [String(id)]);
    return rows.length > 0;
  }

  /** Applies SET clause (params from $2) to pipeline id, notifies, and returns the row. */
  private async update(id: number, set: string, params: unknown[]): Promise<Pipeline> {
    const rows = await this.db.query(`UPDATE pipelines SET ${set} WHERE id = $1 RETURNING id`, [id, ...params]);
    if (rows.length === 0) throw new NotFoundError(`pipeline ${id}`);
    await this.db.query(`SELECT pg_notify('pipeline_changed', $1)`, [String(id)]);
    return (await this.getById(id))!;
  }
}
