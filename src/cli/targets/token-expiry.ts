// When a saved token expires, read from the JWT payload without verifying it:
// only the server can verify, and `gantry targets` merely shows the date.

/** The `exp` claim as a Date, or null when the value is not a JWT with one. */
export function tokenExpiry(token: string): Date | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null;
  } catch {
    return null;
  }
}

/** The expiry column of `gantry targets`, as fly words it (RFC 1123, UTC). */
export function describeExpiry(token: { type: string; value: string } | undefined): string {
  if (!token || !token.type || !token.value) return 'n/a';
  const at = tokenExpiry(token.value);
  return at ? at.toUTCString().replace('GMT', 'UTC') : 'n/a: invalid token';
}
