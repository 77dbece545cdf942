// PostgreSQL error codes the repositories translate into the port's typed errors.
// Both `pg` and PGlite put the SQLSTATE in `code`.

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}
