// Login the way fly does it: the OAuth2 password grant on /sky/issuer/token
// (form fields grant_type, username, password, scope; any client id).
import type { TokenResponse } from '../../protocol';
import type { ApiApp, ApiDeps } from '../context';
import { HttpError } from '../http-error';
import { verifyPassword } from '../auth/passwords';
import { TOKEN_TTL_SECONDS } from '../auth/tokens';

/** bcrypt of a random string nobody knows (cost 10, like real hashes). */
const UNKNOWN_USER_HASH = '$2b$10$Z0xZSl2FdvV2yVqSx9A5U.Jm3sY7bHq2y6OyB2e8cVQeJbLqk0q1a';

function oauthError(status: 400 | 401, error: string, description: string): HttpError {
  return new HttpError(status, description, {}, { error, error_description: description });
}

export function registerSky(app: ApiApp, deps: ApiDeps): void {
  app.post('/sky/issuer/token', async (c) => {
    const form = await c.req.parseBody();
    const field = (k: string): string => (typeof form[k] === 'string' ? (form[k] as string) : '');
    if (field('grant_type') !== 'password') {
      throw oauthError(400, 'unsupported_grant_type', `grant_type must be 'password', got '${field('grant_type')}'`);
    }
    const username = field('username');
    const user = username ? await deps.store.users.get(username) : null;
    // Compare against a fixed hash for unknown users too, so timing does not tell who exists.
    const ok = await verifyPassword(field('password'), user?.passwordHash ?? UNKNOWN_USER_HASH);
    if (!user || !ok) {
      throw oauthError(401, 'invalid_grant', 'invalid username or password');
    }
    await deps.store.users.recordLogin(user.username);
    const token = await deps.signer.sign({ sub: `local:${user.username}`, username: user.username, connector: 'local' });
    const body: TokenResponse = { access_token: token, token_type: 'bearer', expires_in: TOKEN_TTL_SECONDS, id_token: token };
    return c.json(body);
  });
}
