// Builds: creation with per-job numbering, status changes, listing, inputs and outputs.
import {
  FINISHED_STATUSES, InvalidStateError, NotFoundError,
  type Build, type BuildFilter, type BuildInput, type BuildInputInput, type BuildOutput, type BuildOutputInput,
  type BuildRepo, type BuildStatus, type JobBuildSummary, type Json, type Page, type PageResult, type Version,
} from '../../ports';
import { json, type Row, type SqlClient } from '../sql-client';
import { BUILD_COLUMNS, BUILD_FROM, toBuild } from './map-rows';
import { pagedQuery } from './paging';
import { jobSummaries } from './build-summaries';

const SELECT = `SELECT ${BUILD_COLUMNS} FROM ${BUILD_FROM}`;
/** The tail of a one-statement create: the new row (CTE \`ins\`) as a Build, announced on
 *  \`build_created\` (and \`build_started\` when $5 says it was created started) at commit. */
/** The build joins over a CTE \`ins\` holding rows just inserted or updated. */
const FROM_INS = BUILD_FROM.replace('builds b', 'ins b');
const CREATED_SELECT = `SELECT ${BUILD_COLUMNS}, pg_notify('build_created', b.id::text) AS created,
    CASE WHEN $5::boolean THEN pg_notify('build_started', b.id::text) END AS started
  FROM ${FROM_INS}`;
const FINISHED = `(${FINISHED_STATUSES.map((s) => `'${s}'`).join(', ')})`;
type CreateOpts = { plan?: Json; createdBy?: string | null; manuallyTriggered?: boolean };

export class SqlBuildRepo implements BuildRepo {
  constructor(private readonly db: SqlClient) {}

  async createForJob(jobId: number, opts: CreateOpts = {}): Promise<Build> {
    // One statement (number, insert, announce): the job row lock hands out each number
    // once, however many nodes create builds.
    const [row] = await this.db.query(
      `WITH numbered AS (
         UPDATE jobs j SET next_build_number = next_build_number + 1 FROM pipelines p
         WHERE j.id = $1 AND p.id = j.pipeline_id
         RETURNING j.next_build_number - 1 AS n, j.pipeline_id, p.team_id),
       ins AS (
         INSERT INTO builds (team_id, pipeline_id, job_id, name, plan, created_by, manually_triggered)
         SELECT team_id, pipeline_id, $1, n::text, $2::jsonb, $3, $4 FROM numbered RETURNING *)
       ${CREATED_SELECT}`,
      [jobId, json(opts.plan ?? null), opts.createdBy ?? null, opts.manuallyTriggered ?? false, false]);
    if (!row) throw new NotFoundError(`job ${jobId}`);
    return toBuild(row);
  }

  createRerun(buildId: number, opts: { createdBy?: string | null } = {}): Promise<Build> {
    return this.db.transaction(async (tx) => {
      const [orig] = await tx.query<{ base: number }>('SELECT COALESCE(rerun_of, id) AS base FROM builds WHERE id = $1', [buildId]);
      if (!orig) throw new NotFoundError(`build ${buildId}`);
      const [base] = await tx.query<{ id: number; name: string; job_id: number | null }>(
        'SELECT id, name, job_id FROM builds WHERE id = $1 FOR UPDATE', [orig.base]);
      if (base!.job_id === null) throw new InvalidStateError('a one-off build cannot be rerun');
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO builds (team_id, pipeline_id, job_id, name, rerun_of, rerun_number, created_by, manually_triggered)
         SELECT team_id, pipeline_id, job_id, name || '.' || n, id, n, $2, true
         FROM builds, (SELECT COALESCE(max(rerun_number), 0) + 1 AS n FROM builds WHERE rerun_of = $1) r
         WHERE id = $1 RETURNING id`, [base!.id, opts.createdBy ?? null]);
      // A rerun runs with exactly the inputs of the build it reruns.
      await tx.query(
        `INSERT INTO build_inputs (build_id, name, resource_id, version_id, first_occurrence)
         SELECT $2, name, resource_id, version_id, false FROM build_inputs WHERE build_id = $1`, [base!.id, row!.id]);
      return this.created(tx, row!.id);
    });
  }

  async createOneOff(team: string, opts: { plan?: Json; createdBy?: string | null; start?: boolean } = {}): Promise<Build> {
    const [row] = await this.db.query(
      `WITH ins AS (
         INSERT INTO builds (id, team_id, name, plan, created_by, manually_triggered, status, start_time)
         SELECT next.id, t.id, next.id::text, $2::jsonb, $3, $4::boolean,
           CASE WHEN $5::boolean THEN 'started' ELSE 'pending' END, CASE WHEN $5::boolean THEN now() END
         FROM (SELECT nextval(pg_get_serial_sequence('builds', 'id'))::integer AS id) next, teams t WHERE t.name = $1
         RETURNING *)
       ${CREATED_SELECT}`,
      [team, json(opts.plan ?? null), opts.createdBy ?? null, true, opts.start === true]);
    if (!row) throw new NotFoundError(`team '${team}'`);
    return toBuild(row);
  }

  /** Announces a new build at commit (a rerun: its transaction). */
  private async created(tx: SqlClient, id: number): Promise<Build> {
    await tx.query(`SELECT pg_notify('build_created', $1)`, [String(id)]);
    return (await new SqlBuildRepo(tx).get(id))!;
  }

  async get(id: number): Promise<Build | null> {
    const [row] = await this.db.query(`${SELECT} WHERE b.id = $1`, [id]);
    return row ? toBuild(row) : null;
  }
  async getByName(jobId: number, name: string): Promise<Build | null> {
    const [row] = await this.db.query(`${SELECT} WHERE b.job_id = $1 AND b.name = $2`, [jobId, name]);
    return row ? toBuild(row) : null;
  }

  list(filter: BuildFilter, page: Page): Promise<PageResult<Build>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown): void => { params.push(value); where.push(sql(`$${params.length}`)); };
    if (filter.teams) add((p) => `t.name IN (SELECT jsonb_array_elements_text(${p}::jsonb))`, json(filter.teams));
    if (filter.pipelineId !== undefined) add((p) => `b.pipeline_id = ${p}`, filter.pipelineId);
    if (filter.jobId !== undefined) add((p) => `b.job_id = ${p}`, filter.jobId);
    if (filter.publicOnly) where.push('p.public');
    return pagedQuery(this.db, {
      select: SELECT, where, params, order: 'b.id', cursor: (p) => p, idOf: (row: Row) => row.id as number,
    }, page, toBuild);
  }

  async setPlan(id: number, plan: Json): Promise<void> {
    const rows = await this.db.query('UPDATE builds SET plan = $2::jsonb WHERE id = $1 RETURNING id', [id, json(plan)]);
    if (rows.length === 0) throw new NotFoundError(`build ${id}`);
  }
  async start(id: number, opts: { plan?: Json; announce?: boolean } = {}): Promise<boolean> {
    const rows = await this.db.query(
      `WITH started AS (
         UPDATE builds SET status = 'started', start_time = now(), plan = CASE WHEN $2::boolean THEN $3::jsonb ELSE plan END
         WHERE id = $1 AND status = 'pending' AND NOT abort_requested RETURNING id)
       SELECT id, CASE WHEN $4::boolean THEN pg_notify('build_started', id::text) END AS announced FROM started`,
      [id, opts.plan !== undefined, json(opts.plan ?? null), opts.announce === true]);
    return rows.length > 0;
  }

  async finish(id: number, status: Exclude<BuildStatus, 'pending' | 'started'>): Promise<Build> {
    if (!FINISHED_STATUSES.includes(status)) throw new InvalidStateError(`'${status}' is not a finished status`);
    // One statement changes the status, announces it and returns the row (a finished
    // build's event stream waits on this, so each round trip shows).
    const [row] = await this.db.query(
      `WITH ins AS (
         UPDATE builds SET status = $2, end_time = now() WHERE id = $1 AND status IN ('pending', 'started') RETURNING *)
       SELECT ${BUILD_COLUMNS}, pg_notify('build_finished', b.id::text) AS finished FROM ${FROM_INS}`,
      [id, status]);
    if (row) return toBuild(row);
    const existing = await this.get(id);
    if (!existing) throw new NotFoundError(`build ${id}`);
    throw new InvalidStateError(`build ${id} already finished (${existing.status})`);
  }

  requestAbort(id: number): Promise<Build> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ status: string }>(
        `UPDATE builds SET abort_requested = true,
           status = CASE WHEN status = 'pending' THEN 'aborted' ELSE status END,
           end_time = CASE WHEN status = 'pending' THEN now() ELSE end_time END
         WHERE id = $1 AND status IN ('pending', 'started') RETURNING status`, [id]);
      const build = await new SqlBuildRepo(tx).get(id);
      if (!build) throw new NotFoundError(`build ${id}`);
      if (rows.length > 0) {
        await tx.query(`SELECT pg_notify('build_abort', $1)`, [String(id)]);
        if (rows[0]!.status === 'aborted') await tx.query(`SELECT pg_notify('build_finished', $1)`, [String(id)]);
      }
      return build;
    });
  }

  async listRunning(filter: { pipelineId?: number } = {}): Promise<Build[]> {
    if (filter.pipelineId !== undefined) {
      return (await this.db.query(`${SELECT} WHERE b.status IN ('pending', 'started') AND b.pipeline_id = $1 ORDER BY b.id`, [filter.pipelineId])).map(toBuild);
    }
    return (await this.db.query(`${SELECT} WHERE b.status IN ('pending', 'started') ORDER BY b.id`)).map(toBuild);
  }

  summaries(jobIds: number[]): Promise<Map<number, JobBuildSummary>> {
    return jobSummaries(this.db, jobIds, FINISHED, (ids) => this.getMany(ids));
  }

  private async getMany(ids: number[]): Promise<Map<number, Build>> {
    const rows = await this.db.query(
      `${SELECT} WHERE b.id IN (SELECT value::integer FROM jsonb_array_elements_text($1::jsonb))`, [json(ids)]);
    return new Map(rows.map((r) => [r.id as number, toBuild(r)]));
  }

  async saveInputs(buildId: number, inputs: BuildInputInput[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM build_inputs WHERE build_id = $1', [buildId]);
      // first_occurrence: no other build of this job used this version for this input.
      await tx.query(
        `INSERT INTO build_inputs (build_id, name, resource_id, version_id, first_occurrence)
         SELECT $1, d.name, d.resource_id, d.version_id, NOT EXISTS (
           SELECT 1 FROM build_inputs i JOIN builds ob ON ob.id = i.build_id
           WHERE ob.job_id = (SELECT job_id FROM builds WHERE id = $1) AND ob.id <> $1
             AND i.name = d.name AND i.version_id = d.version_id)
         FROM jsonb_to_recordset($2::jsonb) AS d(name text, resource_id integer, version_id integer)`,
        [buildId, json(inputs.map((i) => ({ name: i.name, resource_id: i.resourceId, version_id: i.versionId })))]);
    });
  }
  async saveOutputs(buildId: number, outputs: BuildOutputInput[]): Promise<void> {
    await this.db.query(
      `INSERT INTO build_outputs (build_id, name, resource_id, version_id)
       SELECT $1, d.name, d.resource_id, d.version_id
       FROM jsonb_to_recordset($2::jsonb) AS d(name text, resource_id integer, version_id integer)
       ON CONFLICT DO NOTHING`,
      [buildId, json(outputs.map((o) => ({ name: o.name, resource_id: o.resourceId, version_id: o.versionId })))]);
  }
  async savePipes(buildId: number, fromBuildIds: number[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM build_pipes WHERE to_build_id = $1', [buildId]);
      await tx.query(
        `INSERT INTO build_pipes (from_build_id, to_build_id)
         SELECT DISTINCT value::integer, $1::integer FROM jsonb_array_elements_text($2::jsonb)`, [buildId, json(fromBuildIds)]);
    });
  }
  async pipes(buildId: number): Promise<number[]> {
    const rows = await this.db.query<{ id: number }>(
      'SELECT from_build_id AS id FROM build_pipes WHERE to_build_id = $1 ORDER BY from_build_id', [buildId]);
    return rows.map((r) => r.id);
  }

  async inputs(buildId: number): Promise<BuildInput[]> {
    const rows = await this.db.query(
      `SELECT i.*, v.version FROM build_inputs i JOIN resource_versions v ON v.id = i.version_id
       WHERE i.build_id = $1 ORDER BY i.name`, [buildId]);
    return rows.map((r) => ({
      buildId: r.build_id as number, name: r.name as string, resourceId: r.resource_id as number,
      versionId: r.version_id as number, version: r.version as Version, firstOccurrence: r.first_occurrence as boolean,
    }));
  }
  async outputs(buildId: number): Promise<BuildOutput[]> {
    const rows = await this.db.query(
      `SELECT o.*, v.version FROM build_outputs o JOIN resource_versions v ON v.id = o.version_id
       WHERE o.build_id = $1 ORDER BY o.name, v.check_order`, [buildId]);
    return rows.map((r) => ({
      buildId: r.build_id as number, name: r.name as string, resourceId: r.resource_id as number,
      versionId: r.version_id as number, version: r.version as Version,
    }));
  }

  async destroy(id: number): Promise<boolean> {
    return (await this.db.query('DELETE FROM builds WHERE id = $1 RETURNING id', [id])).length > 0;
  }
}
