// Loads the version algorithm's snapshot of one pipeline in a fixed number of
// queries (never one per build), so a scheduling pass stays cheap.
import type {
  BuildHistoryEntry, BuildInputUse, BuildOutputUse, BuildStatus, ResourceHistory, ResourceVersion, VersionFields,
  VersionSnapshot,
} from '../../core/versions';
import type { HistoryRepo } from '../../ports';
import type { SqlClient } from '../sql-client';

const PIPELINE_BUILDS = 'SELECT b.id FROM builds b JOIN jobs j ON j.id = b.job_id WHERE j.pipeline_id = $1';

export class SqlHistoryRepo implements HistoryRepo {
  constructor(private readonly db: SqlClient) {}

  snapshot(pipelineId: number): Promise<VersionSnapshot> {
    // One transaction keeps the queries on one connection; under READ COMMITTED they may still
    // see different moments, so the scheduler re-checks its decision when it creates the build.
    return this.db.transaction(async (tx) => ({
      resources: await resources(tx, pipelineId),
      builds: await builds(tx, pipelineId),
    }));
  }
}

async function resources(tx: SqlClient, pipelineId: number): Promise<ResourceHistory[]> {
  const list = await tx.query<{ id: number; name: string; pinned: VersionFields | null }>(
    `SELECT r.id, r.name, pin.version AS pinned FROM resources r
     LEFT JOIN resource_pins pin ON pin.resource_id = r.id
     WHERE r.pipeline_id = $1 AND r.active ORDER BY r.ordering, r.id`, [pipelineId]);
  const versions = await tx.query<{ resource_id: number; id: number; version: VersionFields; check_order: number; disabled: boolean }>(
    `SELECT r.id AS resource_id, v.id, v.version, v.check_order,
       EXISTS (SELECT 1 FROM resource_disabled_versions d WHERE d.resource_id = r.id AND d.version_id = v.id) AS disabled
     FROM resources r JOIN resource_versions v ON v.scope_id = r.scope_id
     WHERE r.pipeline_id = $1 AND r.active ORDER BY v.check_order`, [pipelineId]);
  const byResource = new Map<number, ResourceVersion[]>();
  for (const v of versions) {
    const entry: ResourceVersion = v.disabled
      ? { id: v.id, version: v.version, checkOrder: v.check_order, disabled: true }
      : { id: v.id, version: v.version, checkOrder: v.check_order };
    const list = byResource.get(v.resource_id);
    if (list) list.push(entry);
    else byResource.set(v.resource_id, [entry]);
  }
  return list.map((r) => (r.pinned
    ? { name: r.name, versions: byResource.get(r.id) ?? [], pinned: r.pinned }
    : { name: r.name, versions: byResource.get(r.id) ?? [] }));
}

async function builds(tx: SqlClient, pipelineId: number): Promise<BuildHistoryEntry[]> {
  const rows = await tx.query<{ id: number; job: string; status: BuildStatus; rerun_of: number | null }>(
    `SELECT b.id, j.name AS job, b.status, b.rerun_of FROM builds b JOIN jobs j ON j.id = b.job_id
     WHERE j.pipeline_id = $1 ORDER BY b.id`, [pipelineId]);
  const inputs = await tx.query<{ build_id: number; name: string; resource: string; version_id: number }>(
    `SELECT i.build_id, i.name, r.name AS resource, i.version_id FROM build_inputs i
     JOIN resources r ON r.id = i.resource_id WHERE i.build_id IN (${PIPELINE_BUILDS})`, [pipelineId]);
  const outputs = await tx.query<{ build_id: number; resource: string; version_id: number }>(
    `SELECT o.build_id, r.name AS resource, o.version_id FROM build_outputs o
     JOIN resources r ON r.id = o.resource_id WHERE o.build_id IN (${PIPELINE_BUILDS})`, [pipelineId]);
  const pipes = await tx.query<{ to_build_id: number; from_build_id: number }>(
    `SELECT to_build_id, from_build_id FROM build_pipes WHERE to_build_id IN (${PIPELINE_BUILDS})`, [pipelineId]);
  const ins = groupBy(inputs, (r) => r.build_id, (r): BuildInputUse => ({ name: r.name, resource: r.resource, versionId: r.version_id }));
  const outs = groupBy(outputs, (r) => r.build_id, (r): BuildOutputUse => ({ resource: r.resource, versionId: r.version_id }));
  const passed = groupBy(pipes, (p) => p.to_build_id, (p) => p.from_build_id);
  return rows.map((b) => {
    const entry: BuildHistoryEntry = { id: b.id, job: b.job, status: b.status, inputs: ins.get(b.id) ?? [], outputs: outs.get(b.id) ?? [] };
    return {
      ...entry,
      ...(b.rerun_of !== null ? { rerunOf: b.rerun_of } : {}),
      ...(passed.has(b.id) ? { passedBuildIds: passed.get(b.id)! } : {}),
    };
  });
}

function groupBy<R, T>(rows: R[], key: (row: R) => number, map: (row: R) => T): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(map(row));
    else out.set(k, [map(row)]);
  }
  return out;
}
