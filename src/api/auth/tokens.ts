// Bearer tokens: HS256 JWTs signed with the web node's session signing key (jose).
// Roles are not in the token; they are read from the teams on each request, so a
// set-team takes effect at once.
import { SignJWT, jwtVerify, errors } from 'jose';

export const TOKEN_TTL_SECONDS = 24 * 60 * 60;
const ISSUER = 'gantry';

export interface TokenClaims {
  /** The user's id as Concourse writes it in team auth: `local:NAME`. */
  sub: string;
  username: string;
  connector: string;
}

/** Verified tokens kept per node: a client sends the same token with every request, and
 *  jose's verification (WebCrypto, several promise jobs) cost ~2 ms of the event loop each
 *  time under load (bench row 5's profile). Kept until the token expires; bounded. */
const VERIFIED_MAX = 10_000;

export class TokenSigner {
  private readonly key: Uint8Array;
  private readonly verified = new Map<string, { claims: TokenClaims; expiresAt: number }>();
  constructor(secret: string | Uint8Array) {
    this.key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
    if (this.key.length < 32) throw new Error('session signing key must be at least 32 bytes');
  }

  async sign(claims: TokenClaims, now = Date.now()): Promise<string> {
    const iat = Math.floor(now / 1000);
    return new SignJWT({
      name: claims.username,
      preferred_username: claims.username,
      federated_claims: { connector_id: claims.connector, user_id: claims.username },
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setIssuedAt(iat)
      .setExpirationTime(iat + TOKEN_TTL_SECONDS)
      .sign(this.key);
  }

  /** The claims of a valid token, or null when it is malformed, forged or expired. */
  async verify(token: string, now = Date.now()): Promise<TokenClaims | null> {
    const known = this.verified.get(token);
    if (known && now < known.expiresAt) return known.claims;
    if (known) this.verified.delete(token);
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'], currentDate: new Date(now) });
      const fed = payload.federated_claims as { connector_id?: unknown; user_id?: unknown } | undefined;
      if (typeof payload.sub !== 'string' || typeof fed?.user_id !== 'string') return null;
      const claims = { sub: payload.sub, username: fed.user_id, connector: String(fed.connector_id ?? 'local') };
      if (typeof payload.exp === 'number') {
        if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
        this.verified.set(token, { claims, expiresAt: payload.exp * 1000 });
      }
      return claims;
    } catch (err) {
      if (err instanceof errors.JOSEError) return null;
      throw err;
    }
  }
}
