// GET /api/v1/info (no login needed) and GET /api/v1/user (who am I).
import type { ApiApp, ApiDeps } from '../context';
import type { Info, UserInfo } from '../../protocol';
import { unauthorized } from '../http-error';

export function registerInfo(app: ApiApp, deps: ApiDeps): void {
  app.get('/api/v1/info', (c) => {
    const info: Info = { version: deps.version, worker_version: '2.5', feature_flags: {} };
    if (deps.externalUrl) info.external_url = deps.externalUrl;
    return c.json(info);
  });

  app.get('/api/v1/user', (c) => {
    const access = c.get('access');
    if (!access.user) throw unauthorized();
    const u = access.user;
    const body: UserInfo = {
      sub: u.sub,
      name: u.username,
      user_id: u.username,
      user_name: u.username,
      email: '',
      is_admin: access.isAdmin,
      is_system: false,
      teams: Object.fromEntries(access.teamRoles),
      connector: u.connector,
      display_user_id: u.username,
    };
    return c.json(body);
  });
}
