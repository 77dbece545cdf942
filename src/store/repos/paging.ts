// Cursor paging shared by builds and versions: newest first, `since` walks to
// older rows, `until` to newer ones, as Concourse's list endpoints do.
import type { Page, PageResult } from '../../ports';
import type { Row, SqlClient } from '../sql-client';

export interface PagedQuery {
  /** SELECT ... FROM ... (no WHERE). */
  select: string;
  /** Conditions ANDed together, using $1..$n of params. */
  where: string[];
  params: unknown[];
  /** The ordering column, e.g. `b.id`. */
  order: string;
  /** SQL for the ordering value of the row whose id is the parameter, e.g. `$3` or a subquery. */
  cursor: (param: string) => string;
  /** The cursor id of a row (what since/until name). */
  idOf: (row: Row) => number;
}

export async function pagedQuery<T>(db: SqlClient, q: PagedQuery, page: Page, map: (row: Row) => T): Promise<PageResult<T>> {
  const params = [...q.params];
  const arg = (value: unknown): string => { params.push(value); return `$${params.length}`; };
  const where = [...q.where];
  if (page.since !== undefined) where.push(`${q.order} < ${q.cursor(arg(page.since))}`);
  if (page.until !== undefined) where.push(`${q.order} > ${q.cursor(arg(page.until))}`);
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  // Only `until`: the page just above the cursor, so read upwards and flip.
  const upwards = page.until !== undefined && page.since === undefined;
  const limit = arg(Math.max(1, page.limit));
  let rows = await db.query(`${q.select} ${clause} ORDER BY ${q.order} ${upwards ? 'ASC' : 'DESC'} LIMIT ${limit}`, params);
  if (upwards) rows = rows.reverse();
  if (rows.length === 0) return { items: [], older: null, newer: null };
  const first = q.idOf(rows[0]!);
  const last = q.idOf(rows[rows.length - 1]!);
  const exists = async (op: '<' | '>', id: number): Promise<boolean> => {
    const p = [...q.params, id];
    const w = [...q.where, `${q.order} ${op} ${q.cursor(`$${p.length}`)}`];
    return (await db.query(`${q.select} WHERE ${w.join(' AND ')} LIMIT 1`, p)).length > 0;
  };
  return {
    items: rows.map(map),
    older: (await exists('<', last)) ? { since: last, limit: page.limit } : null,
    newer: (await exists('>', first)) ? { until: first, limit: page.limit } : null,
  };
}
