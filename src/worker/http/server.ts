// The worker's HTTP server: its WorkerRuntime and ResourceRunner for the web node, every
// request checked against the shared worker key. Plain node:http (no framework) because
// nearly every route streams: tar in and out, container output, resource script output.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResourceRunner } from '../../ports/resource-runner';
import type { WorkerRuntime } from '../../ports/worker-runtime';
import { sendError, sendJson } from './http-io';
import { resourceRoutes } from './resource-routes';
import { runtimeRoutes, type Route } from './runtime-routes';
import { keyMatches, WORKER_KEY_HEADER } from './wire';

export interface WorkerServerOptions {
  name: string;
  key: string;
  runtime: WorkerRuntime;
  resources: ResourceRunner;
  log?: (message: string) => void;
}

export interface WorkerServer {
  /** http://host:port the server listens on. */
  readonly url: string;
  close(): Promise<void>;
}

export function workerHandler(opts: WorkerServerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const routes: Route[] = [...runtimeRoutes(opts.runtime), ...resourceRoutes(opts.resources, opts.runtime)];
  const log = opts.log ?? (() => undefined);
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://worker');
    if (!keyMatches(req.headers[WORKER_KEY_HEADER] as string | undefined, opts.key)) {
      req.resume();
      log(`worker ${opts.name}: refused ${req.method} ${url.pathname} from ${req.socket.remoteAddress}: wrong or missing worker key`);
      sendJson(res, 401, { error: { kind: 'other', message: 'not authorized: wrong or missing worker key' } });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/v1/ping') return sendJson(res, 200, { name: opts.name });
    for (const route of routes) {
      if (route.method !== req.method) continue;
      const m = route.pattern.exec(url.pathname);
      if (!m) continue;
      const params = m.slice(1).map((p) => decodeURIComponent(p));
      route.handler(req, res, params, url.searchParams).catch((err: unknown) => {
        req.resume();
        sendError(res, err);
      });
      return;
    }
    req.resume();
    sendJson(res, 404, { error: { kind: 'other', message: `no route ${req.method} ${url.pathname}` } });
  };
}

export async function startWorkerServer(opts: WorkerServerOptions & { host: string; port: number }): Promise<WorkerServer> {
  const server: Server = createServer(workerHandler(opts));
  // Uploads of large inputs and long waits must not be cut by node's request timeout.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
