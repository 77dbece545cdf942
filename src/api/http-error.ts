// The one error type the API throws; `errorResponse` turns it (or anything
// else) into a response in one place, so handlers never build error bodies.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '../protocol';
import { StoreError, type StoreErrorCode } from '../ports/store-errors';

export class HttpError extends Error {
  readonly messages: string[];
  constructor(
    readonly status: ContentfulStatusCode,
    messages: string | string[],
    readonly headers: Record<string, string> = {},
    /** A body other than `{errors}`, where a protocol fixes the shape (OAuth2, save-config). */
    readonly body?: object,
  ) {
    const list = Array.isArray(messages) ? messages : [messages];
    super(list.join('; '));
    this.name = 'HttpError';
    this.messages = list;
  }
}

export const notFound = (what: string): HttpError => new HttpError(404, `${what} not found`);
export const badRequest = (messages: string | string[]): HttpError => new HttpError(400, messages);
export const unauthorized = (): HttpError =>
  new HttpError(401, 'not authorized: log in first (gantry login)', { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (why: string): HttpError => new HttpError(403, `forbidden: ${why}`);
export const notImplemented = (what: string, issue: string): HttpError =>
  new HttpError(501, `${what} is not implemented yet in Gantry (arrives with ${issue})`);

const STORE_STATUS: Record<StoreErrorCode, ContentfulStatusCode> = {
  'config-version-conflict': 409,
  'not-found': 404,
  conflict: 409,
  'invalid-state': 409,
};

/** Maps any thrown value to a JSON error response; unknown errors become 500 and are logged. */
export function errorResponse(err: unknown, c: Context, log: (msg: string) => void): Response {
  if (err instanceof HttpError) {
    const body: object = err.body ?? ({ errors: err.messages } satisfies ErrorBody);
    return c.json(body, err.status, err.headers);
  }
  if (err instanceof StoreError) {
    const body: ErrorBody = { errors: [err.message] };
    return c.json(body, STORE_STATUS[err.code]);
  }
  log(`internal error on ${c.req.method} ${c.req.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  const body: ErrorBody = { errors: ['internal server error'] };
  return c.json(body, 500);
}
