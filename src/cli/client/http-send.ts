// One HTTP exchange over node:http on a keep-alive agent, so every request of one command
// shares a connection. Not fetch: Node loads undici lazily on the first fetch, and that
// alone costs ~0.1 s of CPU, more than the rest of a short command. Idle keep-alive
// sockets are unref'd by the agent, so they never keep the process alive.
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

/** The part of fetch's Response the CLI uses. */
export interface ApiResponse {
  ok: boolean;
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  /** The body: buffered unless the request asked to stream it. */
  body: ResponseBody | null;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

export interface ResponseBody extends AsyncIterable<Uint8Array> {
  /** Drops the rest of the body (and the connection, if it was still streaming). */
  cancel(): Promise<void>;
}

export interface SendOptions {
  method: string;
  headers: Record<string, string>;
  body?: string | Readable;
  /** Hand the body over as it arrives (event streams, downloads) instead of buffering it. */
  stream?: boolean;
}

const httpAgent = new Agent({ keepAlive: true });
let httpsAgent: Promise<import('node:https').Agent> | undefined;

/** `fresh`: a connection of its own (agent: false), never a pooled one. */
async function start(url: URL, o: SendOptions, fresh = false): Promise<ReturnType<typeof httpRequest>> {
  if (url.protocol === 'https:') {
    const https = await import('node:https'); // TLS only for https targets
    httpsAgent ??= Promise.resolve(new https.Agent({ keepAlive: true }));
    return https.request(url, { method: o.method, headers: o.headers, agent: fresh ? false : await httpsAgent });
  }
  return httpRequest(url, { method: o.method, headers: o.headers, agent: fresh ? false : httpAgent });
}

export async function send(target: string, o: SendOptions): Promise<ApiResponse> {
  let res: IncomingMessage;
  try {
    res = await exchange(target, o);
  } catch (err) {
    // The server may close an idle keep-alive connection just as we reuse it (a command
    // that waited at a prompt longer than the server's keep-alive timeout). Such a request
    // never reached the server: send it again, once, on a new connection. A streamed body
    // cannot be replayed.
    if (!(err as { reusedSocket?: boolean }).reusedSocket || !isConnectionDrop(err) || (o.body && typeof o.body !== 'string')) throw err;
    res = await exchange(target, o, { fresh: true });
  }
  if (o.stream) return response(res, streamed(res));
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return response(res, buffered(Buffer.concat(chunks)));
}

async function exchange(target: string, o: SendOptions, opts: { fresh?: boolean } = {}): Promise<IncomingMessage> {
  const req = await start(new URL(target), o, opts.fresh);
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', (e) => reject(Object.assign(e, { reusedSocket: req.reusedSocket })));
  });
  if (typeof o.body === 'string') req.end(o.body);
  else if (o.body) {
    o.body.once('error', (e) => req.destroy(e));
    o.body.pipe(req);
  } else req.end();
  return answered;
}

function isConnectionDrop(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || code === 'EPIPE' || (err as Error).message === 'socket hang up';
}

function buffered(data: Buffer): ResponseBody & { data: Buffer } {
  return {
    data,
    async *[Symbol.asyncIterator]() { if (data.length > 0) yield data; },
    cancel: () => Promise.resolve(),
  };
}

function streamed(res: IncomingMessage): ResponseBody {
  return {
    [Symbol.asyncIterator]: () => res[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>,
    cancel: () => { res.destroy(); return Promise.resolve(); },
  };
}

function response(res: IncomingMessage, body: ResponseBody): ApiResponse {
  const text = async (): Promise<string> => {
    if ('data' in body) return (body as { data: Buffer }).data.toString('utf8');
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(Buffer.from(c));
    return Buffer.concat(chunks).toString('utf8');
  };
  const status = res.statusCode ?? 0;
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: res.statusMessage ?? '',
    headers: {
      get(name: string): string | null {
        const v = res.headers[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
    },
    body,
    text,
    json: async () => JSON.parse(await text()) as unknown,
  };
}
