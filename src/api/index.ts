// The HTTP API: Concourse's /api/v1 routes and JSON, login (/sky/issuer/token),
// bearer-token auth and the team-role checks. It owns request → response and
// must never hold state of its own: everything lives in the store (src/ports).
export { createApi } from './create-api';
export type { ApiDeps } from './context';
export { HttpError } from './http-error';
export { TokenSigner, TOKEN_TTL_SECONDS } from './auth/tokens';
export { hashPassword, verifyPassword } from './auth/passwords';
export { MAIN_TEAM } from './auth/access';
export { REQUIRED_ROLE, type Action } from './auth/roles';
