// Reads the bearer token (if any) and puts the request's Access in context.
// A token that is present but invalid is refused with 401 on every route, so a
// client with an expired login hears so instead of silently seeing less.
import type { MiddlewareHandler } from 'hono';
import type { ApiDeps, ApiEnv } from '../context';
import { HttpError } from '../http-error';
import { Access } from './access';

export function authenticate(deps: ApiDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    const match = header ? /^bearer\s+(.+)$/i.exec(header.trim()) : null;
    if (!match) {
      c.set('access', Access.anonymous());
      return next();
    }
    const claims = await deps.signer.verify(match[1]!);
    if (!claims) {
      throw new HttpError(401, 'not authorized: the token is invalid or expired; log in again', {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
    }
    const teams = await deps.store.teams.list();
    c.set('access', Access.forUser(claims, teams));
    return next();
  };
}
