// One pipeline save: the config row and every job, resource and resource type it
// declares, all in the caller's transaction. Rows are upserted in bulk (one
// statement per kind) so a 1,000-job pipeline costs a handful of round trips.
import {
  ConfigVersionConflictError, NotFoundError,
  type SavePipelineConfig, type SavePipelineResult,
} from '../../ports';
import { json, type SqlClient } from '../sql-client';
import { PIPELINE_COLUMNS, toPipeline } from './map-rows';
import { isUniqueViolation } from './sql-errors';

type Kind = 'jobs' | 'resources' | 'resource_types';
interface Declared { name: string; old_name: string | null; type: string | null; config: unknown; ordering: number }

export async function savePipelineConfig(tx: SqlClient, input: SavePipelineConfig): Promise<SavePipelineResult> {
  const { pipelineId, created } = await upsertPipelineRow(tx, input);
  const removedJobs = await syncDeclared(tx, 'jobs', pipelineId,
    input.jobs.map((j, i) => ({ name: j.name, old_name: j.oldName ?? null, type: null, config: j.config, ordering: i })));
  const removedResources = await syncDeclared(tx, 'resources', pipelineId,
    input.resources.map((r, i) => ({ name: r.name, old_name: r.oldName ?? null, type: r.type, config: r.config, ordering: i })));
  await syncDeclared(tx, 'resource_types', pipelineId,
    input.resourceTypes.map((r, i) => ({ name: r.name, old_name: null, type: r.type, config: r.config, ordering: i })));
  await syncConfigPins(tx, pipelineId, input);
  const [row] = await tx.query(`SELECT ${PIPELINE_COLUMNS} FROM pipelines p JOIN teams t ON t.id = p.team_id WHERE p.id = $1`, [pipelineId]);
  await tx.query(`SELECT pg_notify('pipeline_changed', $1)`, [String(pipelineId)]);
  return { pipeline: toPipeline(row!), created, removedJobs, removedResources };
}

async function upsertPipelineRow(tx: SqlClient, input: SavePipelineConfig): Promise<{ pipelineId: number; created: boolean }> {
  const [team] = await tx.query<{ id: number }>('SELECT id FROM teams WHERE name = $1', [input.team]);
  if (!team) throw new NotFoundError(`team '${input.team}'`);
  const vars = json(input.instanceVars ?? null);
  const [existing] = await tx.query<{ id: number; config_version: number }>(
    `SELECT id, config_version FROM pipelines
     WHERE team_id = $1 AND name = $2 AND COALESCE(instance_vars, 'null'::jsonb) = $3::jsonb FOR UPDATE`,
    [team.id, input.name, vars]);
  const current = existing?.config_version ?? 0;
  const expected = input.expectedVersion;
  if (expected != null && expected !== current) throw new ConfigVersionConflictError(expected, current);
  const parents = [input.parentJobId ?? null, input.parentBuildId ?? null, input.savedBy ?? null];
  if (existing) {
    await tx.query(
      `UPDATE pipelines SET config = $2::jsonb, config_version = config_version + 1, archived = false,
         last_updated = now(), parent_job_id = $3, parent_build_id = $4, last_saved_by = $5 WHERE id = $1`,
      [existing.id, json(input.config), ...parents]);
    return { pipelineId: existing.id, created: false };
  }
  try {
    // A new instance of an existing name sits beside its siblings; a new name goes last.
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO pipelines (team_id, name, instance_vars, config, parent_job_id, parent_build_id, last_saved_by, ordering)
       VALUES ($1, $2, NULLIF($3::jsonb, 'null'::jsonb), $4::jsonb, $5, $6, $7, COALESCE(
         (SELECT min(ordering) FROM pipelines WHERE team_id = $1 AND name = $2),
         (SELECT max(ordering) + 1 FROM pipelines WHERE team_id = $1), 0))
       RETURNING id`,
      [team.id, input.name, vars, json(input.config), ...parents]);
    return { pipelineId: row!.id, created: true };
  } catch (err) {
    // Someone created it between our SELECT and INSERT: their save wins, ours is stale.
    if (isUniqueViolation(err)) throw new ConfigVersionConflictError(expected ?? 0, 1);
    throw err;
  }
}

/** Upserts the declared rows, renames by old_name, and makes the rest inactive. Returns their names. */
async function syncDeclared(tx: SqlClient, kind: Kind, pipelineId: number, declared: Declared[]): Promise<string[]> {
  const rows = json(declared);
  await tx.query(
    `UPDATE ${kind} k SET name = d.name
     FROM jsonb_to_recordset($2::jsonb) AS d(name text, old_name text)
     WHERE k.pipeline_id = $1 AND d.old_name IS NOT NULL AND k.name = d.old_name
       AND NOT EXISTS (SELECT 1 FROM ${kind} n WHERE n.pipeline_id = $1 AND n.name = d.name)`,
    [pipelineId, rows]);
  const typeCols = kind === 'jobs' ? ['', ''] : [', type', ', d.type'];
  // A resource whose type or source changed reads a different history: drop its scope.
  const scopeReset = kind === 'jobs' ? '' : `, scope_id = CASE
      WHEN ${kind}.type = EXCLUDED.type AND ${kind}.config->'source' IS NOT DISTINCT FROM EXCLUDED.config->'source'
      THEN ${kind}.scope_id END, type = EXCLUDED.type`;
  await tx.query(
    `INSERT INTO ${kind} (pipeline_id, name, config, ordering, active${typeCols[0]})
     SELECT $1, d.name, d.config, d.ordering, true${typeCols[1]}
     FROM jsonb_to_recordset($2::jsonb) AS d(name text, type text, config jsonb, ordering integer)
     ON CONFLICT (pipeline_id, name) DO UPDATE SET config = EXCLUDED.config, ordering = EXCLUDED.ordering,
       active = true${scopeReset}`,
    [pipelineId, rows]);
  const removed = await tx.query<{ name: string }>(
    `UPDATE ${kind} SET active = false
     WHERE pipeline_id = $1 AND active AND name NOT IN (SELECT jsonb_array_elements_text($2::jsonb))
     RETURNING name`,
    [pipelineId, json(declared.map((d) => d.name))]);
  return removed.map((r) => r.name).sort();
}

/** `version:` in a resource's config pins it; dropping it from config removes that pin (user pins stay). */
async function syncConfigPins(tx: SqlClient, pipelineId: number, input: SavePipelineConfig): Promise<void> {
  const pinned = input.resources.filter((r) => r.pinnedVersion).map((r) => ({ name: r.name, version: r.pinnedVersion }));
  await tx.query(
    `DELETE FROM resource_pins WHERE from_config AND resource_id IN (
       SELECT id FROM resources WHERE pipeline_id = $1 AND name NOT IN (SELECT jsonb_array_elements_text($2::jsonb)))`,
    [pipelineId, json(pinned.map((p) => p.name))]);
  if (pinned.length === 0) return;
  await tx.query(
    `INSERT INTO resource_pins (resource_id, version, from_config, comment, pinned_by)
     SELECT r.id, d.version, true, NULL, NULL
     FROM jsonb_to_recordset($2::jsonb) AS d(name text, version jsonb)
     JOIN resources r ON r.pipeline_id = $1 AND r.name = d.name
     ON CONFLICT (resource_id) DO UPDATE SET version = EXCLUDED.version, from_config = true,
       comment = NULL, pinned_by = NULL, pinned_at = now()`,
    [pipelineId, json(pinned)]);
}
