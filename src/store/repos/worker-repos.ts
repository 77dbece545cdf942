// Workers, the containers they run and the volumes they hold: what GC and intercept need.
import type {
  Container, ContainerFilter, ContainerInput, ContainerRepo, ContainerState, Volume, VolumeFilter, VolumeInput, VolumeRepo,
  VolumeState, Worker, WorkerInfo, WorkerRepo, WorkerState,
} from '../../ports';
import { json, type SqlClient } from '../sql-client';
import { toContainer, toVolume, toWorker } from './map-rows';

export class SqlWorkerRepo implements WorkerRepo {
  constructor(private readonly db: SqlClient) {}

  async heartbeat(info: WorkerInfo, ttlSeconds: number): Promise<Worker> {
    // A heartbeat revives a stalled worker; landing/retiring stay as they are.
    const [row] = await this.db.query(
      `INSERT INTO workers (name, address, platform, tags, team, version, resource_types, active_containers,
         active_volumes, state, expires_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::jsonb, $8, $9, 'running', now() + make_interval(secs => $10))
       ON CONFLICT (name) DO UPDATE SET address = EXCLUDED.address, platform = EXCLUDED.platform,
         tags = EXCLUDED.tags, team = EXCLUDED.team, version = EXCLUDED.version,
         resource_types = EXCLUDED.resource_types, active_containers = EXCLUDED.active_containers,
         active_volumes = EXCLUDED.active_volumes, expires_at = EXCLUDED.expires_at,
         state = CASE WHEN workers.state IN ('stalled', 'landed') THEN 'running' ELSE workers.state END
       RETURNING *`,
      [info.name, info.address, info.platform, json(info.tags), info.team, info.version, json(info.resourceTypes),
        info.activeContainers, info.activeVolumes, ttlSeconds]);
    return toWorker(row!);
  }
  async get(name: string): Promise<Worker | null> {
    const [row] = await this.db.query('SELECT * FROM workers WHERE name = $1', [name]);
    return row ? toWorker(row) : null;
  }
  async list(): Promise<Worker[]> {
    return (await this.db.query('SELECT * FROM workers ORDER BY name')).map(toWorker);
  }
  async setState(name: string, state: WorkerState): Promise<void> {
    await this.db.query('UPDATE workers SET state = $2 WHERE name = $1', [name, state]);
  }
  async markStalled(): Promise<string[]> {
    const rows = await this.db.query<{ name: string }>(
      `UPDATE workers SET state = 'stalled' WHERE state = 'running' AND expires_at < now() RETURNING name`);
    return rows.map((r) => r.name).sort();
  }
  async destroy(name: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM workers WHERE name = $1 RETURNING name', [name])).length > 0;
  }
}

export class SqlContainerRepo implements ContainerRepo {
  constructor(private readonly db: SqlClient) {}

  async create(c: ContainerInput): Promise<Container> {
    const [row] = await this.db.query(
      `INSERT INTO containers (handle, worker_name, kind, build_id, plan_id, step_name, attempt, team_id,
         pipeline_id, job_id, resource_scope_id, meta, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13) RETURNING *`,
      [c.handle, c.workerName, c.kind, c.buildId ?? null, c.planId ?? null, c.stepName ?? null, c.attempt ?? null,
        c.teamId ?? null, c.pipelineId ?? null, c.jobId ?? null, c.resourceScopeId ?? null, json(c.meta ?? {}), c.state ?? 'creating']);
    return toContainer(row!);
  }
  async get(handle: string): Promise<Container | null> {
    const [row] = await this.db.query('SELECT * FROM containers WHERE handle = $1', [handle]);
    return row ? toContainer(row) : null;
  }
  async list(filter: ContainerFilter = {}): Promise<Container[]> {
    const { sql, params } = filterSql(filter, {
      workerName: 'worker_name', buildId: 'build_id', teamId: 'team_id', pipelineId: 'pipeline_id', jobId: 'job_id',
    });
    return (await this.db.query(`SELECT * FROM containers ${sql} ORDER BY created_at, handle`, params)).map(toContainer);
  }
  async setState(handle: string, state: ContainerState): Promise<void> {
    await this.db.query('UPDATE containers SET state = $2 WHERE handle = $1', [handle, state]);
  }
  async keepUntil(handle: string, until: Date | null): Promise<void> {
    await this.db.query('UPDATE containers SET keep_until = $2 WHERE handle = $1', [handle, until]);
  }
  async destroy(handle: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM containers WHERE handle = $1 RETURNING handle', [handle])).length > 0;
  }
}

export class SqlVolumeRepo implements VolumeRepo {
  constructor(private readonly db: SqlClient) {}

  async create(v: VolumeInput): Promise<Volume> {
    const [row] = await this.db.query(
      `INSERT INTO volumes (handle, worker_name, kind, container_handle, parent_handle, path, resource_version_id,
         cache_key, job_id, build_id, team_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [v.handle, v.workerName, v.kind, v.containerHandle ?? null, v.parentHandle ?? null, v.path ?? null,
        v.resourceVersionId ?? null, v.cacheKey ?? null, v.jobId ?? null, v.buildId ?? null, v.teamId ?? null]);
    return toVolume(row!);
  }
  async get(handle: string): Promise<Volume | null> {
    const [row] = await this.db.query('SELECT * FROM volumes WHERE handle = $1', [handle]);
    return row ? toVolume(row) : null;
  }
  async list(filter: VolumeFilter = {}): Promise<Volume[]> {
    const { sql, params } = filterSql(filter, {
      workerName: 'worker_name', containerHandle: 'container_handle', teamId: 'team_id', kind: 'kind', jobId: 'job_id',
      buildId: 'build_id',
    });
    return (await this.db.query(`SELECT * FROM volumes ${sql} ORDER BY created_at, handle`, params)).map(toVolume);
  }
  async findCache(filter: { workerName?: string; kind: 'resource-cache' | 'task-cache'; resourceVersionId?: number; cacheKey?: string }): Promise<Volume[]> {
    const { sql, params } = filterSql(filter, {
      workerName: 'worker_name', kind: 'kind', resourceVersionId: 'resource_version_id', cacheKey: 'cache_key',
    });
    return (await this.db.query(`SELECT * FROM volumes ${sql} AND state = 'created' ORDER BY created_at`, params)).map(toVolume);
  }
  async setState(handle: string, state: VolumeState): Promise<void> {
    await this.db.query('UPDATE volumes SET state = $2 WHERE handle = $1', [handle, state]);
  }
  async destroy(handle: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM volumes WHERE handle = $1 RETURNING handle', [handle])).length > 0;
  }
}

/** WHERE col = $n for each filter field that is set; always yields a WHERE clause. */
function filterSql(filter: object, columns: Record<string, string>): { sql: string; params: unknown[] } {
  const where = ['true'];
  const params: unknown[] = [];
  for (const [key, column] of Object.entries(columns)) {
    const value = (filter as Record<string, unknown>)[key];
    if (value === undefined) continue;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  }
  return { sql: `WHERE ${where.join(' AND ')}`, params };
}
