// A thin HTTP client for /api/v1: bearer token, JSON in and out, and one
// mapping from HTTP failures to messages for people (fly's wording).
import type { Readable } from 'node:stream';
import { CliError } from '../errors';
import type { TargetToken } from '../targets';
import { send, type ApiResponse } from './http-send';

export const CLI_NAME = 'gantry';

/** 401: no token, or one the server no longer accepts. */
export class NotAuthorizedError extends CliError {
  constructor(readonly targetName: string) {
    super(`not authorized. run the following command: ${CLI_NAME} -t ${targetName} login`);
    this.name = 'NotAuthorizedError';
  }
}

/** Any other answer the caller did not expect; carries the status and the server's words. */
export class ApiError extends CliError {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: string[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is with this content type instead of JSON. */
  rawBody?: { text: string; contentType: string };
  /** A byte stream sent as is (uploads), with its content type. */
  streamBody?: { stream: Readable; contentType: string };
  /** Hand the response body over as it arrives instead of buffering it (SSE, downloads). */
  stream?: boolean;
  headers?: Record<string, string>;
  /** Statuses the caller handles itself (no error is thrown for them). */
  accept?: number[];
}

function errorsOf(text: string): string[] {
  try {
    const body = JSON.parse(text) as { errors?: unknown; error?: unknown; message?: unknown };
    if (Array.isArray(body.errors)) return body.errors.map(String);
    if (typeof body.error === 'string') return [body.error];
    if (typeof body.message === 'string') return [body.message];
  } catch {
    // not JSON: the text itself is the message
  }
  return text.trim() ? [text.trim()] : [];
}

function describe(status: number, statusText: string, errors: string[]): string {
  if (status === 403) return errors.length ? `forbidden: ${errors.join('; ')}` : 'forbidden';
  if (status === 404) return errors.length ? `not found: ${errors.join('; ')}` : 'not found';
  if (status === 400 || status === 409 || status === 422) {
    return errors.length ? errors.join('\n') : `request rejected (${status} ${statusText})`;
  }
  return `Unexpected Response\nStatus: ${status} ${statusText}\nBody:\n${errors.join('\n')}`;
}

export class ApiClient {
  constructor(
    readonly url: string,
    readonly targetName: string,
    private readonly token?: TargetToken,
  ) {}

  /** The Authorization header value, when logged in. */
  authorization(): string | undefined {
    if (!this.token?.value) return undefined;
    const type = this.token.type || 'bearer';
    return `${type.charAt(0).toUpperCase()}${type.slice(1).toLowerCase()} ${this.token.value}`;
  }

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    const auth = this.authorization();
    if (auth) headers.authorization = auth;
    let body: string | Readable | undefined;
    if (opts.streamBody) {
      body = opts.streamBody.stream;
      headers['content-type'] = opts.streamBody.contentType;
    } else if (opts.rawBody) {
      body = opts.rawBody.text;
      headers['content-type'] = opts.rawBody.contentType;
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    let res: ApiResponse;
    try {
      res = await send(this.url.replace(/\/+$/, '') + path, { method, headers, ...(body !== undefined ? { body } : {}), stream: opts.stream === true });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why = e.code ?? e.message;
      throw new CliError(
        `could not reach the Gantry server called ${this.targetName}:\n\n    ${method} ${this.url}${path}: ${why}\n\nis the targeted Gantry running?`,
      );
    }
    if (res.ok || opts.accept?.includes(res.status)) return res;
    if (res.status === 401) throw new NotAuthorizedError(this.targetName);
    const text = await res.text();
    const errors = errorsOf(text);
    throw new ApiError(describe(res.status, res.statusText, errors), res.status, errors);
  }

  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, opts);
    const text = await res.text();
    return (text ? JSON.parse(text) : null) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.json<T>('GET', path);
  }

  /** GET that answers null for a 404 (a pipeline or team that does not exist). */
  async getOptional<T>(path: string): Promise<T | null> {
    const res = await this.request('GET', path, { accept: [404] });
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    const text = await res.text();
    return (text ? JSON.parse(text) : null) as T;
  }
}
