// The web node's side of the worker wire: node:http requests to one worker with the shared
// key. node:http rather than fetch because undici cuts a body that is silent for 5 minutes,
// and a task's output or a container's wait may well be.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { fromWireError, WORKER_KEY_HEADER, type WireError } from '../../worker/http';

export interface CallOptions {
  body?: unknown;
  /** A byte stream to send as the body instead of JSON. */
  stream?: AsyncIterable<Uint8Array>;
  signal?: AbortSignal;
}

export class WorkerHttp {
  constructor(readonly baseUrl: string, private readonly key: string, readonly workerName: string) {}

  /** Sends the request and resolves with the response once its headers arrived; a non-2xx
   *  answer is read and thrown as the error it carries. */
  async open(method: string, path: string, opts: CallOptions = {}): Promise<IncomingMessage> {
    const url = new URL(path, this.baseUrl);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { [WORKER_KEY_HEADER]: this.key };
    let json: string | undefined;
    if (opts.body !== undefined) {
      json = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(json));
    } else if (opts.stream) {
      headers['content-type'] = 'application/octet-stream';
    }
    let sourceFailed: Error | undefined;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(url, { method, headers, ...(opts.signal ? { signal: opts.signal } : {}) }, resolve);
      req.on('error', (err) => reject(sourceFailed ?? this.unreachable(err)));
      if (json !== undefined) req.end(json);
      else if (opts.stream) {
        pump(opts.stream, req).catch((err: unknown) => {
          sourceFailed = err as Error;
          req.destroy(sourceFailed);
        });
      } else req.end();
    });
    if ((res.statusCode ?? 500) >= 300) throw await this.errorOf(res);
    return res;
  }

  async json<T>(method: string, path: string, opts: CallOptions = {}): Promise<T> {
    const res = await this.open(method, path, opts);
    return JSON.parse((await readAll(res)).toString('utf8')) as T;
  }

  /** A response body as bytes, e.g. a tar stream or container output. */
  async *bytes(path: string, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
    const res = await this.open('GET', path, signal ? { signal } : {});
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) yield chunk;
      if (!res.complete) throw new Error(`worker ${this.workerName}: the stream ended early`);
    } finally {
      res.destroy();
    }
  }

  private async errorOf(res: IncomingMessage): Promise<Error> {
    const text = (await readAll(res)).toString('utf8');
    try {
      const body = JSON.parse(text) as { error?: WireError };
      if (body.error) return fromWireError(body.error);
    } catch { /* not JSON */ }
    return new Error(`worker ${this.workerName}: HTTP ${res.statusCode}: ${text.slice(0, 500)}`);
  }

  private unreachable(err: Error): Error {
    if (err.name === 'AbortError') return err;
    return new Error(`worker ${this.workerName} at ${this.baseUrl} is unreachable: ${err.message}`, { cause: err });
  }
}

async function pump(source: AsyncIterable<Uint8Array>, req: import('node:http').ClientRequest): Promise<void> {
  for await (const chunk of source) {
    if (!req.write(chunk)) await new Promise<void>((r) => { req.once('drain', r); req.once('close', r); });
    if (req.destroyed) return;
  }
  req.end();
}

export async function readAll(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of res as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}
