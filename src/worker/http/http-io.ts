// Small node:http helpers for the worker's server: JSON in and out, error answers, and
// byte streams sent as they come, stopped when the client goes away.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { statusOf, toWireError } from './wire';

const MAX_JSON = 32 * 1024 * 1024;

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON) throw new Error('request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : JSON.parse(text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const wire = toWireError(err);
  if (res.headersSent) {
    // Too late for a status: cut the stream so the client sees it end abnormally.
    res.destroy(new Error(wire.message));
    return;
  }
  sendJson(res, statusOf(wire), { error: wire });
}

/** Streams `source` as the body. The first chunk is awaited before the headers go out, so a
 *  failure to open (unknown volume, path through a symlink) is still a proper error answer. */
export async function sendStream(_req: IncomingMessage, res: ServerResponse, source: AsyncIterable<Uint8Array>, type: string): Promise<void> {
  const it = source[Symbol.asyncIterator]();
  let gone = false;
  const onClose = (): void => {
    gone = true;
    Promise.resolve(it.return?.()).catch(() => undefined);
  };
  res.once('close', onClose);
  try {
    let next = await it.next();
    res.writeHead(200, { 'content-type': type });
    res.flushHeaders();
    while (!next.done && !gone) {
      if (!res.write(next.value)) await new Promise<void>((r) => { res.once('drain', r); res.once('close', r); });
      next = await it.next();
    }
    res.end();
  } catch (err) {
    if (!gone) sendError(res, err);
  } finally {
    res.off('close', onClose);
  }
}

/** An AbortSignal that fires when the client closes the connection before the answer ended. */
export function clientGone(res: ServerResponse): AbortSignal {
  const ctl = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) ctl.abort(new Error('the web node went away'));
  });
  return ctl.signal;
}
