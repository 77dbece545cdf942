// Container, process and volume operations of one WorkerRuntime, as HTTP routes.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  WorkerRuntimeError, type Container, type ContainerSpec, type ProcessSpec, type RunningProcess, type WorkerRuntime,
} from '../../ports/worker-runtime';
import { readJson, sendJson, sendStream } from './http-io';
import { decodeBytes } from './wire';

export type Handler = (req: IncomingMessage, res: ServerResponse, params: string[], query: URLSearchParams) => Promise<void>;
export interface Route { method: string; pattern: RegExp; handler: Handler }

const BYTES = 'application/octet-stream';
const seg = '([^/]+)';

function container(rt: WorkerRuntime, handle: string): Container {
  const c = rt.lookup(handle);
  if (!c) throw new WorkerRuntimeError('not-found', `container ${handle} not found`);
  return c;
}

function specFrom(body: unknown): ContainerSpec {
  const spec = body as ContainerSpec & { stdin?: unknown };
  if (!spec || typeof spec !== 'object' || !spec.rootfs || typeof spec.path !== 'string') {
    throw new WorkerRuntimeError('invalid-spec', 'a container spec needs rootfs and path');
  }
  const stdin = decodeBytes(spec.stdin);
  const { stdin: _drop, ...rest } = spec;
  return { ...rest, ...(stdin !== undefined ? { stdin } : {}) };
}

/** exec'd processes by id, until their exit status has been fetched. */
class Processes {
  private readonly byId = new Map<string, RunningProcess>();
  add(p: RunningProcess): string {
    const id = randomUUID();
    this.byId.set(id, p);
    // Forget it a while after it ends, even when nobody asks for the status.
    void p.wait().catch(() => undefined).finally(() => setTimeout(() => this.byId.delete(id), 10 * 60_000).unref());
    return id;
  }
  get(id: string): RunningProcess {
    const p = this.byId.get(id);
    if (!p) throw new WorkerRuntimeError('not-found', `process ${id} not found`);
    return p;
  }
}

type RouteMaker = (method: string, path: string, handler: Handler) => Route;

const route: RouteMaker = (method, path, handler) => ({ method, pattern: new RegExp(`^${path.replaceAll(':h', seg)}$`), handler });

export function runtimeRoutes(rt: WorkerRuntime): Route[] {
  return [...containerRoutes(rt, route), ...processRoutes(rt, new Processes(), route), ...volumeRoutes(rt, route)];
}

function containerRoutes(rt: WorkerRuntime, r: RouteMaker): Route[] {
  return [
    r('GET', '/v1/state', async (_q, res) => sendJson(res, 200, { containers: rt.list(), volumes: rt.volumes.list() })),
    r('GET', '/v1/containers', async (_q, res) => sendJson(res, 200, rt.list())),
    r('POST', '/v1/containers', async (req, res) => {
      const c = await rt.create(specFrom(await readJson(req)));
      sendJson(res, 201, c.info());
    }),
    r('GET', '/v1/containers/:h', async (_q, res, [h]) => sendJson(res, 200, container(rt, h!).info())),
    r('POST', '/v1/containers/:h/start', async (_q, res, [h]) => {
      const c = container(rt, h!);
      await c.start();
      sendJson(res, 200, c.info());
    }),
    r('GET', '/v1/containers/:h/stdout', async (req, res, [h]) => sendStream(req, res, container(rt, h!).stdout(), BYTES)),
    r('GET', '/v1/containers/:h/stderr', async (req, res, [h]) => sendStream(req, res, container(rt, h!).stderr(), BYTES)),
    r('GET', '/v1/containers/:h/wait', async (_q, res, [h]) => {
      const c = container(rt, h!);
      const exit = await c.wait();
      sendJson(res, 200, { exit, info: c.info() });
    }),
    r('POST', '/v1/containers/:h/signal', async (req, res, [h]) => {
      const { signal } = (await readJson(req)) as { signal?: string };
      await container(rt, h!).signal(signal ?? 'SIGTERM');
      sendJson(res, 200, {});
    }),
    r('DELETE', '/v1/containers/:h', async (_q, res, [h], query) => {
      const grace = query.get('grace_ms');
      await rt.destroy(h!, grace !== null ? { graceMs: Number(grace) } : undefined);
      sendJson(res, 200, {});
    }),
  ];
}

function processRoutes(rt: WorkerRuntime, procs: Processes, r: RouteMaker): Route[] {
  return [
    r('POST', '/v1/containers/:h/processes', async (req, res, [h]) => {
      const p = await container(rt, h!).exec((await readJson(req)) as ProcessSpec);
      sendJson(res, 201, { id: procs.add(p) });
    }),
    r('PUT', '/v1/processes/:h/stdin', async (req, res, [id]) => {
      const p = procs.get(id!);
      for await (const chunk of req as AsyncIterable<Buffer>) p.stdin.write(chunk);
      p.stdin.end();
      sendJson(res, 200, {});
    }),
    r('GET', '/v1/processes/:h/stdout', async (req, res, [id]) => sendStream(req, res, procs.get(id!).stdout, BYTES)),
    r('GET', '/v1/processes/:h/stderr', async (req, res, [id]) => sendStream(req, res, procs.get(id!).stderr, BYTES)),
    r('POST', '/v1/processes/:h/signal', async (req, res, [id]) => {
      const { signal } = (await readJson(req)) as { signal?: string };
      procs.get(id!).signal(signal ?? 'SIGTERM');
      sendJson(res, 200, {});
    }),
    r('GET', '/v1/processes/:h/wait', async (_q, res, [id]) => sendJson(res, 200, await procs.get(id!).wait())),
  ];
}

function volumeRoutes(rt: WorkerRuntime, r: RouteMaker): Route[] {
  const v = rt.volumes;
  type Opts = { handle?: string; properties?: Record<string, string> };
  return [
    r('GET', '/v1/volumes', async (_q, res) => sendJson(res, 200, v.list())),
    r('POST', '/v1/volumes', async (req, res) => sendJson(res, 201, await v.create((await readJson(req)) as Opts))),
    r('POST', '/v1/volumes/:h/children', async (req, res, [h]) =>
      sendJson(res, 201, await v.createChild(h!, (await readJson(req)) as Opts))),
    r('GET', '/v1/volumes/:h', async (_q, res, [h]) => {
      const info = v.lookup(h!);
      if (!info) throw new WorkerRuntimeError('not-found', `volume ${h} not found`);
      sendJson(res, 200, info);
    }),
    r('PUT', '/v1/volumes/:h/tar', async (req, res, [h], query) => {
      await v.streamIn(h!, query.get('path') ?? '.', req as AsyncIterable<Uint8Array>);
      sendJson(res, 200, {});
    }),
    r('GET', '/v1/volumes/:h/tar', async (req, res, [h], query) =>
      sendStream(req, res, v.streamOut(h!, query.get('path') ?? '.'), 'application/x-tar')),
    r('DELETE', '/v1/volumes/:h', async (_q, res, [h]) => {
      await v.destroy(h!);
      sendJson(res, 200, {});
    }),
  ];
}
