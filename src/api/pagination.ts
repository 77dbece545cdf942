// List paging as Concourse does it: `?limit&since&until` (and the newer
// `from`/`to` names), newest first, with a Link header naming the next
// (older) and previous (newer) pages.
import { PAGINATION_DEFAULT_LIMIT } from '../protocol';
import { badRequest } from './http-error';

export interface PageQuery { since?: number; until?: number; limit: number }
export interface PageLinks { older: PageQuery | null; newer: PageQuery | null }

const MAX_LIMIT = 1000;

export function pageFromQuery(q: URLSearchParams): PageQuery {
  const num = (name: string): number | undefined => {
    const raw = q.get(name);
    if (raw === null || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw badRequest(`${name} must be a non-negative integer, got '${raw}'`);
    return n;
  };
  const limit = Math.min(num('limit') || PAGINATION_DEFAULT_LIMIT, MAX_LIMIT);
  const to = num('to');
  const from = num('from');
  // `to` and `from` include the named id; `since` and `until` exclude it.
  const since = num('since') ?? (to !== undefined ? to + 1 : undefined);
  const until = num('until') ?? (from !== undefined ? from - 1 : undefined);
  const page: PageQuery = { limit };
  if (since !== undefined) page.since = since;
  if (until !== undefined) page.until = until;
  return page;
}

/** The Link header value for a listed page, or null when there is no other page. */
export function linkHeader(baseUrl: string, path: string, links: PageLinks, extra?: URLSearchParams): string | null {
  const parts: string[] = [];
  const href = (p: PageQuery): string => {
    const q = new URLSearchParams(extra);
    if (p.since !== undefined) q.set('since', String(p.since));
    if (p.until !== undefined) q.set('until', String(p.until));
    q.set('limit', String(p.limit));
    return `${baseUrl}${path}?${q.toString()}`;
  };
  if (links.older) parts.push(`<${href(links.older)}>; rel="next"`);
  if (links.newer) parts.push(`<${href(links.newer)}>; rel="previous"`);
  return parts.length > 0 ? parts.join(', ') : null;
}
