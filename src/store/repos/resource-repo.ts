// Pipeline resources and resource types: scope assignment, pins, disabled versions.
import {
  InvalidStateError, NotFoundError,
  type Pin, type Resource, type ResourceRepo, type ResourceType, type ResourceTypeRepo, type Version,
} from '../../ports';
import { json, type SqlClient } from '../sql-client';
import { toPin, toResource, toResourceType } from './map-rows';

export class SqlResourceRepo implements ResourceRepo {
  constructor(private readonly db: SqlClient) {}

  async get(pipelineId: number, name: string): Promise<Resource | null> {
    const [row] = await this.db.query('SELECT * FROM resources WHERE pipeline_id = $1 AND name = $2', [pipelineId, name]);
    return row ? toResource(row) : null;
  }
  async getById(id: number): Promise<Resource | null> {
    const [row] = await this.db.query('SELECT * FROM resources WHERE id = $1', [id]);
    return row ? toResource(row) : null;
  }
  async list(pipelineId: number, opts: { includeInactive?: boolean } = {}): Promise<Resource[]> {
    const active = opts.includeInactive ? '' : 'AND active';
    return (await this.db.query(`SELECT * FROM resources WHERE pipeline_id = $1 ${active} ORDER BY ordering, id`, [pipelineId]))
      .map(toResource);
  }
  async listByScope(scopeId: number): Promise<Resource[]> {
    return (await this.db.query('SELECT * FROM resources WHERE scope_id = $1 AND active ORDER BY id', [scopeId])).map(toResource);
  }
  async listForPipelines(pipelineIds: number[]): Promise<Resource[]> {
    return (await this.db.query(
      `SELECT * FROM resources WHERE active AND pipeline_id IN (SELECT value::integer FROM jsonb_array_elements_text($1::jsonb))
       ORDER BY pipeline_id, ordering, id`, [json(pipelineIds)])).map(toResource);
  }
  async setScope(resourceId: number, scopeId: number | null): Promise<void> {
    await this.db.query('UPDATE resources SET scope_id = $2 WHERE id = $1', [resourceId, scopeId]);
  }

  async pin(resourceId: number, version: Version, opts: { comment?: string | null; by?: string | null } = {}): Promise<Pin> {
    const existing = await this.getPin(resourceId);
    if (existing?.fromConfig) throw new InvalidStateError('resource is pinned to a version in the pipeline config');
    const rows = await this.db.query(
      `INSERT INTO resource_pins (resource_id, version, comment, pinned_by, from_config)
       SELECT id, $2::jsonb, $3, $4, false FROM resources WHERE id = $1
       ON CONFLICT (resource_id) DO UPDATE SET version = EXCLUDED.version, comment = EXCLUDED.comment,
         pinned_by = EXCLUDED.pinned_by, pinned_at = now()
       RETURNING *`,
      [resourceId, json(version), opts.comment ?? null, opts.by ?? null]);
    if (rows.length === 0) throw new NotFoundError(`resource ${resourceId}`);
    await this.notifyPinChanged(resourceId);
    return toPin(rows[0]!);
  }
  async unpin(resourceId: number): Promise<boolean> {
    const rows = await this.db.query('DELETE FROM resource_pins WHERE resource_id = $1 AND NOT from_config RETURNING resource_id', [resourceId]);
    if (rows.length > 0) await this.notifyPinChanged(resourceId);
    return rows.length > 0;
  }
  async setPinComment(resourceId: number, comment: string): Promise<Pin> {
    const [row] = await this.db.query('UPDATE resource_pins SET comment = $2 WHERE resource_id = $1 RETURNING *', [resourceId, comment]);
    if (!row) throw new NotFoundError(`pin of resource ${resourceId}`);
    return toPin(row);
  }
  async getPin(resourceId: number): Promise<Pin | null> {
    const [row] = await this.db.query('SELECT * FROM resource_pins WHERE resource_id = $1', [resourceId]);
    return row ? toPin(row) : null;
  }

  async setVersionEnabled(resourceId: number, versionId: number, enabled: boolean): Promise<void> {
    // Only versions of the resource's own history can be toggled from it.
    const [ok] = await this.db.query(
      `SELECT 1 FROM resources r JOIN resource_versions v ON v.scope_id = r.scope_id WHERE r.id = $1 AND v.id = $2`,
      [resourceId, versionId]);
    if (!ok) throw new NotFoundError(`version ${versionId} of resource ${resourceId}`);
    await this.db.query(enabled
      ? 'DELETE FROM resource_disabled_versions WHERE resource_id = $1 AND version_id = $2'
      : 'INSERT INTO resource_disabled_versions (resource_id, version_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [resourceId, versionId]);
    await this.notifyPinChanged(resourceId);
  }

  /** Pins and disabled versions change what jobs may run with: wake the scheduler. */
  private async notifyPinChanged(resourceId: number): Promise<void> {
    await this.db.query(`SELECT pg_notify('resource_changed', $1)`, [String(resourceId)]);
  }
}

export class SqlResourceTypeRepo implements ResourceTypeRepo {
  constructor(private readonly db: SqlClient) {}

  async get(pipelineId: number, name: string): Promise<ResourceType | null> {
    const [row] = await this.db.query('SELECT * FROM resource_types WHERE pipeline_id = $1 AND name = $2', [pipelineId, name]);
    return row ? toResourceType(row) : null;
  }
  async list(pipelineId: number, opts: { includeInactive?: boolean } = {}): Promise<ResourceType[]> {
    const active = opts.includeInactive ? '' : 'AND active';
    return (await this.db.query(`SELECT * FROM resource_types WHERE pipeline_id = $1 ${active} ORDER BY ordering, id`, [pipelineId]))
      .map(toResourceType);
  }
  async setScope(resourceTypeId: number, scopeId: number | null): Promise<void> {
    await this.db.query('UPDATE resource_types SET scope_id = $2 WHERE id = $1', [resourceTypeId, scopeId]);
  }
}
