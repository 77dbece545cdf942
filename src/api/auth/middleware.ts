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
    // Read per request, so a deleted local user, or one taken off a team, loses access at once.
    const [teams, gone] = await Promise.all([deps.store.teams.list(), deletedLocalUser(deps, claims.sub)]);
    if (gone) {
      throw new HttpError(401, 'not authorized: the user of this token no longer exists; log in again', {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
    }
    c.set('access', Access.forUser(claims, teams));
    return next();
  };
}

/** Local users live in the store; other connectors' users are vouched for by the token alone. */
async function deletedLocalUser(deps: ApiDeps, sub: string): Promise<boolean> {
  if (!sub.toLowerCase().startsWith('local:')) return false;
  return (await deps.store.users.get(sub.slice('local:'.length))) === null;
}
