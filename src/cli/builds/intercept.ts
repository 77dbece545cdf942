// gantry intercept (hijack): picks a container as fly does (--handle, or the team's
// containers filtered by -j/-b/-s/-a, or -c for a check; a choice is asked for when
// several match), then runs a command in it (default `sh`; after `--`) over the
// API's streamed exchange (see src/api/routes/hijack.ts). With a terminal attached it
// asks for a TTY and puts the local terminal in raw mode. Exits with the command's status.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { openSession, parseJobFlag, type Session } from '../client';
import type { CommandInput } from '../command-spec';
import { CliError } from '../errors';
import { action, ask, str } from '../io';

type Obj = Record<string, unknown>;

const NO_MATCH = "no containers matched your search parameters!\n\nthey may have expired if your build hasn't recently finished.";

async function filters(session: Session, input: CommandInput): Promise<URLSearchParams> {
  const q = new URLSearchParams();
  const job = str(input, 'job');
  const check = str(input, 'check');
  if (job) {
    const { pipeline, job: name } = parseJobFlag(job);
    q.set('pipeline_name', pipeline.name);
    q.set('job_name', name);
    if (str(input, 'build')) q.set('build_name', str(input, 'build')!);
  } else if (str(input, 'build')) q.set('build_id', str(input, 'build')!);
  if (check) {
    const { pipeline, job: resource } = parseJobFlag(check);
    q.set('type', 'check');
    q.set('pipeline_name', pipeline.name);
    q.set('resource_name', resource);
  }
  if (str(input, 'step')) q.set('step_name', str(input, 'step')!);
  if (str(input, 'attempt')) q.set('attempt', str(input, 'attempt')!);
  void session;
  return q;
}

async function chooseContainer(session: Session, input: CommandInput): Promise<string> {
  const handle = str(input, 'handle');
  if (handle) return handle;
  const q = await filters(session, input);
  const found = await session.client.get<Obj[]>(`/api/v1/teams/${encodeURIComponent(session.team)}/containers?${q}`);
  if (found.length === 0) throw new CliError(NO_MATCH);
  if (found.length === 1) return String(found[0]!.id);
  found.forEach((c, i) => {
    const where = [c.pipeline_name, c.job_name].filter(Boolean).join('/') || `build #${c.build_id}`;
    process.stdout.write(`${i + 1}: ${where} build #${c.build_name ?? c.build_id}, step: ${c.step_name ?? ''}, type: ${c.type}\n`);
  });
  const answer = await ask('choose a container: ');
  const n = Number(answer);
  if (!Number.isInteger(n) || n < 1 || n > found.length) throw new CliError('invalid choice');
  return String(found[n - 1]!.id);
}

function send(req: NodeJS.WritableStream, message: object): void {
  req.write(`${JSON.stringify(message)}\n`);
}

async function readReply(res: IncomingMessage): Promise<number> {
  let buffer = '';
  let status = 1;
  for await (const chunk of res) {
    buffer += String(chunk);
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const m = JSON.parse(buffer.slice(0, nl)) as { stdout?: string; stderr?: string; exit_status?: number; error?: string };
      buffer = buffer.slice(nl + 1);
      if (m.stdout) process.stdout.write(Buffer.from(m.stdout, 'base64'));
      if (m.stderr) process.stderr.write(Buffer.from(m.stderr, 'base64'));
      if (m.exit_status !== undefined) status = m.exit_status;
      if (m.error) throw new CliError(m.error);
    }
  }
  return status;
}

export const run = action(async (input) => {
  const session = await openSession(input.target, str(input, 'team'));
  const handle = await chooseContainer(session, input);
  const [path = 'sh', ...args] = input.args;
  const tty = Boolean(process.stdin.isTTY);
  const url = new URL(`${session.client.url.replace(/\/+$/, '')}/api/v1/teams/${encodeURIComponent(session.team)}/containers/${encodeURIComponent(handle)}/hijack`);
  const headers: Record<string, string> = { 'content-type': 'application/x-ndjson' };
  const auth = session.client.authorization();
  if (auth) headers.authorization = auth;
  const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: 'POST', headers });
  const reply = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', reject);
  });
  send(req, { process: { path, args, tty, env: tty ? { TERM: process.env.TERM ?? 'xterm' } : undefined } });
  const res = await reply;
  if ((res.statusCode ?? 500) >= 400) {
    let text = '';
    for await (const chunk of res) text += String(chunk);
    const errors = (() => { try { return (JSON.parse(text) as { errors?: string[] }).errors?.join('; '); } catch { return text; } })();
    throw new CliError(res.statusCode === 404 ? NO_MATCH : `${res.statusCode}: ${errors}`);
  }
  if (tty) process.stdin.setRawMode(true);
  process.stdin.on('data', (chunk: Buffer) => send(req, { stdin: chunk.toString('base64') }));
  process.stdin.on('end', () => {
    send(req, { close_stdin: true });
    req.end();
  });
  try {
    return await readReply(res);
  } finally {
    if (tty) process.stdin.setRawMode(false);
    process.stdin.destroy();
    req.destroy();
  }
});
