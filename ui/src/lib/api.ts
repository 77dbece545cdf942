// The UI's HTTP client for Gantry's /api/v1 (Concourse's routes): the bearer
// token from login rides on every request; errors carry the API's own message.
import { getToken } from './auth';

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const enc = encodeURIComponent;
export const paths = {
  pipeline: (t: string, p: string) => `/api/v1/teams/${enc(t)}/pipelines/${enc(p)}`,
  job: (t: string, p: string, j: string) => `${paths.pipeline(t, p)}/jobs/${enc(j)}`,
  resource: (t: string, p: string, r: string) => `${paths.pipeline(t, p)}/resources/${enc(r)}`,
  build: (id: number | string) => `/api/v1/builds/${enc(String(id))}`,
};

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const token = getToken();
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

async function fail(res: Response): Promise<never> {
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { errors?: string[] };
    if (body.errors?.length) message = body.errors.join('; ');
  } catch {
    // Concourse often answers errors with an empty body.
  }
  if (res.status === 401) message = `${message} — log in to see this`;
  throw new ApiError(res.status, message);
}

export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: headers(), signal: signal ?? null });
  if (!res.ok) return fail(res);
  return (await res.json()) as T;
}

/** GET that returns undefined on 404 (optional routes). */
export async function apiGetOptional<T>(path: string): Promise<T | undefined> {
  const res = await fetch(path, { headers: headers() });
  if (res.status === 404 || res.status === 501) return undefined;
  if (!res.ok) return fail(res);
  return (await res.json()) as T;
}

/**
 * Conditional GET: sends the last ETag; `undefined` means 304, nothing changed,
 * so the caller skips parsing and re-rendering.
 */
export async function apiGetIfChanged<T>(path: string, etag: string | undefined): Promise<{ body: T; etag?: string } | undefined> {
  const res = await fetch(path, { headers: headers(etag ? { 'If-None-Match': etag } : {}), cache: 'no-store' });
  if (res.status === 304) return undefined;
  if (!res.ok) return fail(res);
  const tag = res.headers.get('ETag');
  return tag ? { body: (await res.json()) as T, etag: tag } : { body: (await res.json()) as T };
}

export async function apiSend(method: string, path: string, body?: unknown): Promise<Response> {
  const init: RequestInit = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(path, init);
  if (!res.ok) return fail(res);
  return res;
}

/** Opens a streaming GET (SSE); the caller reads the body. */
export async function apiStream(path: string, signal: AbortSignal): Promise<Response> {
  const res = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal });
  if (!res.ok) return fail(res);
  return res;
}
