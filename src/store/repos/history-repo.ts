// Loads the version algorithm's snapshot of one pipeline in one statement (never one per
// build): each part comes back as a JSON array, so a scheduling pass, which runs twice per
// build, costs the store one round trip here, and all parts are read from one moment.
import type {
  BuildHistoryEntry, BuildInputUse, BuildOutputUse, BuildStatus, ResourceHistory, ResourceVersion, VersionFields,
  VersionSnapshot,
} from '../../core/versions';
import type { HistoryRepo } from '../../ports';
import type { SqlClient } from '../sql-client';

/** Rows as arrays, in the order the SELECTs below list their fields. */
type ResourceRow = [id: number, name: string, pinned: VersionFields | null];
type VersionRow = [resourceId: number, id: number, version: VersionFields, checkOrder: number, disabled: boolean];
type BuildRow = [id: number, job: string, status: BuildStatus, rerunOf: number | null];
type InputRow = [buildId: number, name: string, resource: string, versionId: number];
type OutputRow = [buildId: number, resource: string, versionId: number];
type PipeRow = [toBuildId: number, fromBuildId: number];

type SnapshotRow = {
  resources: ResourceRow[]; versions: VersionRow[]; builds: BuildRow[]; inputs: InputRow[]; outputs: OutputRow[]; pipes: PipeRow[];
};

const SNAPSHOT = `
WITH res AS (
  SELECT r.id, r.name, r.scope_id, r.ordering, pin.version AS pinned FROM resources r
  LEFT JOIN resource_pins pin ON pin.resource_id = r.id
  WHERE r.pipeline_id = $1 AND r.active
), pb AS (
  SELECT b.id, j.name AS job, b.status, b.rerun_of FROM builds b JOIN jobs j ON j.id = b.job_id WHERE j.pipeline_id = $1
)
SELECT
  (SELECT COALESCE(json_agg(json_build_array(id, name, pinned) ORDER BY ordering, id), '[]') FROM res) AS resources,
  (SELECT COALESCE(json_agg(json_build_array(r.id, v.id, v.version, v.check_order,
      EXISTS (SELECT 1 FROM resource_disabled_versions d WHERE d.resource_id = r.id AND d.version_id = v.id))
    ORDER BY v.check_order), '[]')
   FROM res r JOIN resource_versions v ON v.scope_id = r.scope_id) AS versions,
  (SELECT COALESCE(json_agg(json_build_array(id, job, status, rerun_of) ORDER BY id), '[]') FROM pb) AS builds,
  (SELECT COALESCE(json_agg(json_build_array(i.build_id, i.name, r.name, i.version_id)), '[]')
   FROM build_inputs i JOIN resources r ON r.id = i.resource_id WHERE i.build_id IN (SELECT id FROM pb)) AS inputs,
  (SELECT COALESCE(json_agg(json_build_array(o.build_id, r.name, o.version_id)), '[]')
   FROM build_outputs o JOIN resources r ON r.id = o.resource_id WHERE o.build_id IN (SELECT id FROM pb)) AS outputs,
  (SELECT COALESCE(json_agg(json_build_array(to_build_id, from_build_id)), '[]')
   FROM build_pipes WHERE to_build_id IN (SELECT id FROM pb)) AS pipes`;

export class SqlHistoryRepo implements HistoryRepo {
  constructor(private readonly db: SqlClient) {}

  async snapshot(pipelineId: number): Promise<VersionSnapshot> {
    const [row] = await this.db.query<SnapshotRow>(SNAPSHOT, [pipelineId]);
    return { resources: resources(row!), builds: builds(row!) };
  }
}

function resources(row: SnapshotRow): ResourceHistory[] {
  const byResource = new Map<number, ResourceVersion[]>();
  for (const [resourceId, id, version, checkOrder, disabled] of row.versions) {
    const entry: ResourceVersion = disabled ? { id, version, checkOrder, disabled: true } : { id, version, checkOrder };
    const list = byResource.get(resourceId);
    if (list) list.push(entry);
    else byResource.set(resourceId, [entry]);
  }
  return row.resources.map(([id, name, pinned]) => (pinned
    ? { name, versions: byResource.get(id) ?? [], pinned }
    : { name, versions: byResource.get(id) ?? [] }));
}

function builds(row: SnapshotRow): BuildHistoryEntry[] {
  const ins = groupBy(row.inputs, (r) => r[0], (r): BuildInputUse => ({ name: r[1], resource: r[2], versionId: r[3] }));
  const outs = groupBy(row.outputs, (r) => r[0], (r): BuildOutputUse => ({ resource: r[1], versionId: r[2] }));
  const passed = groupBy(row.pipes, (p) => p[0], (p) => p[1]);
  return row.builds.map(([id, job, status, rerunOf]) => {
    const entry: BuildHistoryEntry = { id, job, status, inputs: ins.get(id) ?? [], outputs: outs.get(id) ?? [] };
    return {
      ...entry,
      ...(rerunOf !== null ? { rerunOf } : {}),
      ...(passed.has(id) ? { passedBuildIds: passed.get(id)! } : {}),
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
