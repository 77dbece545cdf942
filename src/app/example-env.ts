// The example's deployment environments (a and b): each a small HTTP service on loopback
// that the deploy task ships a candidate tarball to (POST /deploy, raw or base64) and that serves the
// deployed component afterwards (GET /version, /health, the candidate's www/ files).
// Why not a process the deploy task starts: a task's container ends with its task, so a
// service started there could never be reached by the later outside-in jobs. The
// environment outlives builds the way a real one does; the pipeline only talks HTTP to it.
// A deployment lives under <dir>/current and survives a quickstart restart.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import * as tar from 'tar';

const MAX_UPLOAD = 32 * 1024 * 1024;

export interface ExampleEnv {
  name: string;
  port: number;
  url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_UPLOAD) throw new Error('upload too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Settings of deploy/<env>.conf in the deployed tarball (key=value lines). */
function envSettings(release: string, env: string): Record<string, string> {
  const file = join(release, 'deploy', `${env}.conf`);
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([A-Za-z_][\w-]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** Unpacks a candidate tarball (one top-level component-VERSION dir) and makes it current. */
async function deploy(dir: string, upload: Buffer): Promise<string> {
  // busybox wget posts a file as text (it stops at the first NUL), so deploy sends base64.
  const body = upload[0] === 0x1f && upload[1] === 0x8b ? upload : Buffer.from(upload.toString('latin1'), 'base64');
  const staging = mkdtempSync(join(dir, 'incoming-'));
  try {
    // node-tar refuses absolute paths and `..` entries; links are not wanted in a release.
    await pipeline(Readable.from(body), tar.x({ cwd: staging, strict: true, filter: (_p, e) => !('type' in e) || e.type === 'File' || e.type === 'Directory' }));
    const tops = readdirSync(staging);
    if (tops.length !== 1 || !existsSync(join(staging, tops[0]!, 'VERSION'))) throw new Error('expected one component-VERSION directory with a VERSION file');
    const current = join(dir, 'current');
    const old = join(dir, `previous-${Date.now()}`);
    if (existsSync(current)) renameSync(current, old);
    renameSync(join(staging, tops[0]!), current);
    rmSync(old, { recursive: true, force: true });
    return readFileSync(join(current, 'VERSION'), 'utf8').trim();
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function serve(name: string, dir: string, req: IncomingMessage, res: ServerResponse): void {
  const current = join(dir, 'current');
  const path = new URL(req.url ?? '/', 'http://env').pathname;
  if (!existsSync(join(current, 'VERSION'))) return send(res, 503, `nothing is deployed to env ${name} yet\n`);
  if (path === '/version') return send(res, 200, readFileSync(join(current, 'VERSION'), 'utf8'));
  if (path === '/health') {
    const settings = envSettings(current, name);
    return settings.healthy === 'yes' ? send(res, 200, 'ok\n') : send(res, 503, `unhealthy: deploy/${name}.conf says healthy=${settings.healthy ?? '(unset)'}\n`);
  }
  const rel = normalize(path === '/' ? 'index.html' : path.slice(1));
  if (rel.startsWith('..') || rel.startsWith('/')) return send(res, 400, 'bad path\n');
  const file = join(current, 'www', rel);
  if (!existsSync(file)) return send(res, 404, 'not found\n');
  res.writeHead(200, { 'content-type': rel.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' });
  res.end(readFileSync(file));
}

function handler(name: string, dir: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method === 'POST' && req.url === '/deploy') {
      readBody(req).then((body) => deploy(dir, body)).then(
        (version) => send(res, 200, `deployed component ${version} to env ${name}\n`),
        (err: Error) => send(res, 400, `deploy to env ${name} failed: ${err.message}\n`),
      );
      return;
    }
    try {
      serve(name, dir, req, res);
    } catch (err) {
      send(res, 500, `${(err as Error).message}\n`);
    }
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts env `name` with its state under `dir`, on `port` when free (else any free port). */
export async function startExampleEnv(name: string, dir: string, port: number): Promise<ExampleEnv> {
  mkdirSync(dir, { recursive: true });
  let server = createServer(handler(name, dir));
  let bound: number;
  try {
    bound = await listen(server, port);
  } catch {
    server = createServer(handler(name, dir));
    bound = await listen(server, 0);
  }
  writeFileSync(join(dir, 'port'), `${bound}\n`);
  return {
    name,
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
