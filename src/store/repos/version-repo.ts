// Shared version histories: one per type + source, in the order check reported them.
import type {
  CheckOutcome, MetadataField, Page, PageResult, ResourceScope, ResourceVersion, ResourceVersionView,
  ScopeKey, Version, VersionRepo,
} from '../../ports';
import { json, type Row, type SqlClient } from '../sql-client';
import { toScope, toVersion } from './map-rows';
import { pagedQuery } from './paging';

export class SqlVersionRepo implements VersionRepo {
  constructor(private readonly db: SqlClient) {}

  async findOrCreateScope(key: ScopeKey): Promise<ResourceScope> {
    // jsonb text is canonical (sorted keys), so equal sources hash equally.
    const [row] = await this.db.query(
      `INSERT INTO resource_scopes (type, source_hash)
       VALUES ($1, md5(jsonb_build_object('source', $2::jsonb, 'type_version', $3::jsonb)::text))
       ON CONFLICT (type, source_hash) DO UPDATE SET type = EXCLUDED.type RETURNING *`,
      [key.type, json(key.source), json(key.typeVersion ?? null)]);
    return toScope(row!);
  }
  async getScope(id: number): Promise<ResourceScope | null> {
    const [row] = await this.db.query('SELECT * FROM resource_scopes WHERE id = $1', [id]);
    return row ? toScope(row) : null;
  }

  saveVersions(scopeId: number, versions: { version: Version; metadata?: MetadataField[] }[]): Promise<ResourceVersion[]> {
    return this.db.transaction(async (tx) => {
      // The scope row lock serialises concurrent saves of one history (several checkers).
      await tx.query('SELECT id FROM resource_scopes WHERE id = $1 FOR UPDATE', [scopeId]);
      const list = dedupeKeepLast(versions);
      if (list.length === 0 || (await alreadyOnTop(tx, scopeId, list.map((v) => v.version)))) return [];
      const [{ max }] = (await tx.query<{ max: number }>(
        'SELECT COALESCE(max(check_order), 0) AS max FROM resource_versions WHERE scope_id = $1', [scopeId])) as [{ max: number }];
      const rows = await tx.query(
        `INSERT INTO resource_versions (scope_id, version, version_md5, metadata, check_order)
         SELECT $1, d.version, md5(d.version::text), COALESCE(d.metadata, '[]'::jsonb), $3 + d.idx
         FROM jsonb_to_recordset($2::jsonb) AS d(version jsonb, metadata jsonb, idx integer)
         ON CONFLICT (scope_id, version_md5) DO UPDATE SET check_order = EXCLUDED.check_order,
           metadata = CASE WHEN EXCLUDED.metadata = '[]'::jsonb THEN resource_versions.metadata ELSE EXCLUDED.metadata END
         RETURNING *, (xmax = 0) AS inserted`,
        [scopeId, json(list.map((v, i) => ({ version: v.version, metadata: v.metadata ?? null, idx: i + 1 }))), max]);
      const created = rows.filter((r) => r.inserted).map(toVersion).sort((a, b) => a.checkOrder - b.checkOrder);
      await tx.query(`SELECT pg_notify('resource_versions', $1)`, [String(scopeId)]);
      return created;
    });
  }

  async checkStarted(scopeId: number): Promise<void> {
    await this.db.query('UPDATE resource_scopes SET last_check_start = now() WHERE id = $1', [scopeId]);
  }
  async checkFinished(scopeId: number, outcome: CheckOutcome): Promise<void> {
    await this.db.query(
      'UPDATE resource_scopes SET last_check_end = now(), last_check_succeeded = $2, check_error = $3 WHERE id = $1',
      [scopeId, outcome.succeeded, outcome.succeeded ? null : (outcome.error ?? null)]);
  }

  async getVersion(id: number): Promise<ResourceVersion | null> {
    const [row] = await this.db.query('SELECT * FROM resource_versions WHERE id = $1', [id]);
    return row ? toVersion(row) : null;
  }
  async findVersion(scopeId: number, version: Version): Promise<ResourceVersion | null> {
    const [row] = await this.db.query(
      'SELECT * FROM resource_versions WHERE scope_id = $1 AND version_md5 = md5($2::jsonb::text)', [scopeId, json(version)]);
    return row ? toVersion(row) : null;
  }
  async updateMetadata(scopeId: number, version: Version, metadata: MetadataField[]): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE resource_versions SET metadata = $3::jsonb WHERE scope_id = $1 AND version_md5 = md5($2::jsonb::text) RETURNING id',
      [scopeId, json(version), json(metadata)]);
    return rows.length > 0;
  }
  async latest(scopeId: number): Promise<ResourceVersion | null> {
    const [row] = await this.db.query(
      'SELECT * FROM resource_versions WHERE scope_id = $1 ORDER BY check_order DESC LIMIT 1', [scopeId]);
    return row ? toVersion(row) : null;
  }
  async allInOrder(scopeId: number): Promise<ResourceVersion[]> {
    return (await this.db.query('SELECT * FROM resource_versions WHERE scope_id = $1 ORDER BY check_order', [scopeId]))
      .map(toVersion);
  }

  async getForResource(resourceId: number, versionId: number): Promise<ResourceVersionView | null> {
    const [row] = await this.db.query(`${RESOURCE_VERSIONS} WHERE r.id = $1 AND v.id = $2`, [resourceId, versionId]);
    return row ? toView(row) : null;
  }

  listForResource(resourceId: number, page: Page): Promise<PageResult<ResourceVersionView>> {
    return pagedQuery(this.db, {
      select: RESOURCE_VERSIONS,
      where: ['r.id = $1'],
      params: [resourceId],
      order: 'v.check_order',
      cursor: (p) => `(SELECT check_order FROM resource_versions WHERE id = ${p})`,
      idOf: (row: Row) => row.id as number,
    }, page, toView);
  }
}

const RESOURCE_VERSIONS = `SELECT v.*, NOT EXISTS (SELECT 1 FROM resource_disabled_versions d
    WHERE d.resource_id = r.id AND d.version_id = v.id) AS enabled
  FROM resources r JOIN resource_versions v ON v.scope_id = r.scope_id`;

const toView = (row: Row): ResourceVersionView => ({ ...toVersion(row), enabled: row.enabled as boolean });

function dedupeKeepLast<T extends { version: Version }>(list: T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of list) {
    const key = JSON.stringify(Object.keys(item.version).sort().map((k) => [k, item.version[k]]));
    seen.delete(key);
    seen.set(key, item);
  }
  return [...seen.values()];
}

/** True when the reported versions are already the newest ones, in the reported order. */
async function alreadyOnTop(tx: SqlClient, scopeId: number, versions: Version[]): Promise<boolean> {
  const top = await tx.query<{ version_md5: string }>(
    'SELECT version_md5 FROM resource_versions WHERE scope_id = $1 ORDER BY check_order DESC LIMIT $2',
    [scopeId, versions.length]);
  if (top.length < versions.length) return false;
  const [{ md5s }] = (await tx.query<{ md5s: string[] }>(
    `SELECT COALESCE(array_agg(md5(value::text) ORDER BY ordinality DESC), '{}') AS md5s
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY`, [json(versions)])) as [{ md5s: string[] }];
  return top.every((row, i) => row.version_md5 === md5s[i]);
}
