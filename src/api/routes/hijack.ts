// Intercept (fly hijack) as one streamed HTTP exchange instead of Concourse's websocket:
// POST /api/v1/teams/:team/containers/:id/hijack with a request body of JSON lines —
// first {process: {path, args, env, dir, user, tty}}, then {stdin: base64},
// {close_stdin: true} or {signal: NAME} — answered with JSON lines {stdout: base64},
// {stderr: base64}, and last {exit_status: N} (or {error: message}). Both bodies stream
// at once over HTTP/1.1 chunked encoding, so no websocket package is needed.
import type { ApiApp, ApiDeps } from '../context';
import { teamFor } from '../scope';
import { badRequest, notFound, notImplemented } from '../http-error';
import type { ProcessSpec, RunningProcess } from '../../ports/worker-runtime';

type ClientMessage = { process?: ProcessSpec; stdin?: string; close_stdin?: boolean; signal?: string };

async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<ClientMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line) yield JSON.parse(line) as ClientMessage;
    }
  }
}

/** Feeds the rest of the client's lines to the process (stdin, close, signals). */
async function pumpInput(messages: AsyncGenerator<ClientMessage>, proc: RunningProcess): Promise<void> {
  try {
    for await (const m of messages) {
      if (m.stdin !== undefined) proc.stdin.write(Buffer.from(m.stdin, 'base64'));
      if (m.close_stdin) proc.stdin.end();
      if (m.signal) proc.signal(m.signal);
    }
  } catch {
    // the client went away: end the process' input
  }
  proc.stdin.end();
}

function outputStream(proc: RunningProcess): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (o: object): void => controller.enqueue(encoder.encode(`${JSON.stringify(o)}\n`));
      const pipe = async (it: AsyncIterable<Uint8Array>, key: 'stdout' | 'stderr'): Promise<void> => {
        for await (const chunk of it) send({ [key]: Buffer.from(chunk).toString('base64') });
      };
      try {
        await Promise.all([pipe(proc.stdout, 'stdout'), pipe(proc.stderr, 'stderr')]);
        send({ exit_status: (await proc.wait()).exitCode });
      } catch (err) {
        send({ error: (err as Error).message });
      }
      controller.close();
    },
  });
}

export function registerHijack(app: ApiApp, deps: ApiDeps): void {
  app.post('/api/v1/teams/:team/containers/:id/hijack', async (c) => {
    const team = await teamFor(c, deps, 'HijackContainer');
    const row = await deps.store.containers.get(c.req.param('id'));
    if (!row || row.teamId !== team.id) throw notFound(`container ${c.req.param('id')}`);
    if (!deps.buildServices) throw notImplemented('intercept without a worker on this node', 'a worker');
    const body = c.req.raw.body;
    if (!body) throw badRequest('the request body must start with a {"process": ...} line');
    const messages = lines(body);
    const first = (await messages.next()).value as ClientMessage | undefined;
    if (!first?.process?.path) throw badRequest('the first line must be {"process": {"path": ...}}');
    const { path, args, env, dir, user, tty } = first.process;
    const proc = await deps.buildServices.exec(row.handle, { path, args, env, dir, user, tty });
    void pumpInput(messages, proc);
    return new Response(outputStream(proc), { headers: { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache' } });
  });
}
