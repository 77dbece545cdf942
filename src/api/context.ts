// What every route module gets: the Hono app type with the per-request
// Access, and the dependencies createApi was given.
import type { Hono, Context } from 'hono';
import type { Store } from '../ports/store';
import type { Access } from './auth/access';
import type { TokenSigner } from './auth/tokens';
import type { BuildServices } from './routes/build-services';

export interface ApiDeps {
  store: Store;
  signer: TokenSigner;
  /** Gantry's version, reported by /api/v1/info. */
  version: string;
  /** URL users reach this node at; links and api_url use it. Default: the request's origin. */
  externalUrl?: string;
  log?: (message: string) => void;
  /** Workers' side of builds (artifacts, intercept, task caches); routes answer 501 without it. */
  buildServices?: BuildServices;
  /** Shared key `gantry worker` processes present to register (routes/workers.ts); none: no remote workers. */
  workerKey?: string;
}

export type ApiEnv = { Variables: { access: Access } };
export type ApiApp = Hono<ApiEnv>;
export type ApiContext = Context<ApiEnv>;

export function baseUrl(c: ApiContext, deps: ApiDeps): string {
  return (deps.externalUrl ?? new URL(c.req.url).origin).replace(/\/$/, '');
}
