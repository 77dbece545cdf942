// Workers: registration and heartbeats from `gantry worker` processes (authenticated by the
// shared worker key the web node was started with), the list (Concourse's worker JSON;
// admins see all, others the shared workers and their own teams'), and land / retire /
// prune / delete as Concourse has them.
import type { ApiApp, ApiContext, ApiDeps } from '../context';
import type { Worker, WorkerInfo } from '../../ports/store-rows';
import type { WorkerJson } from '../../protocol';
import { keyMatches, WORKER_KEY_HEADER } from '../../worker/http';
import { mayStop } from '../../components/workers/lifecycle';
import { badRequest, forbidden, HttpError, notFound, unauthorized } from '../http-error';

export function presentWorker(w: Worker): WorkerJson {
  return {
    name: w.name, addr: w.address, baggageclaim_url: w.address, active_containers: w.activeContainers,
    active_volumes: w.activeVolumes, active_tasks: 0, resource_types: w.resourceTypes, platform: w.platform,
    tags: w.tags, team: w.team ?? '', version: w.version, start_time: Math.floor(w.startTime.getTime() / 1000),
    ephemeral: false, state: w.state,
  };
}

const DEFAULT_TTL_S = 30;

/** Go duration text as Concourse's `?ttl=30s` (s, m, h; a bare number is seconds). */
export function ttlSeconds(text: string | undefined): number {
  if (!text) return DEFAULT_TTL_S;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw badRequest(`malformed ttl '${text}'`);
  const n = Number(m[1]) * ({ ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] ?? 's'] ?? 1);
  return Math.max(1, Math.ceil(n));
}

function hasWorkerKey(c: ApiContext, deps: ApiDeps): boolean {
  return deps.workerKey !== undefined && keyMatches(c.req.header(WORKER_KEY_HEADER), deps.workerKey);
}

function requireWorkerKey(c: ApiContext, deps: ApiDeps): void {
  if (!deps.workerKey) throw forbidden('this web node accepts no workers: start it with --worker-key');
  if (!hasWorkerKey(c, deps)) throw new HttpError(401, 'not authorized: wrong or missing worker key');
}

async function registration(c: ApiContext): Promise<WorkerInfo> {
  let body: Record<string, unknown>;
  try {
    body = (await c.req.json()) as Record<string, unknown>;
  } catch {
    throw badRequest('request body must be JSON');
  }
  const str = (k: string): string => (typeof body[k] === 'string' ? (body[k] as string) : '');
  const name = str('name');
  const address = str('addr');
  if (!name) throw badRequest('missing name');
  if (!/^https?:\/\//.test(address)) throw badRequest('addr must be the worker\'s http:// or https:// URL');
  const count = (k: string): number => (typeof body[k] === 'number' ? Math.max(0, Math.floor(body[k] as number)) : 0);
  return {
    name, address, platform: str('platform') || 'linux',
    tags: Array.isArray(body.tags) ? body.tags.map(String) : [],
    team: str('team') || null, version: str('version'),
    resourceTypes: Array.isArray(body.resource_types) ? (body.resource_types as WorkerInfo['resourceTypes']) : [],
    activeContainers: count('active_containers'), activeVolumes: count('active_volumes'),
  };
}

/** The worker itself (by key), an admin, or an owner of the worker's team. */
async function workerFor(c: ApiContext, deps: ApiDeps, why: string): Promise<Worker> {
  const name = c.req.param('name') ?? '';
  const worker = await deps.store.workers.get(name);
  if (hasWorkerKey(c, deps)) {
    if (!worker) throw notFound(`worker '${name}'`);
    return worker;
  }
  const access = c.get('access');
  if (!access.isAuthenticated) throw unauthorized();
  const ownsTeam = worker?.team ? access.rolesOn(worker.team).includes('owner') : false;
  if (!access.isAdmin && !ownsTeam) throw forbidden(`only admins (or owners of a team worker's team) may ${why}`);
  if (!worker) throw notFound(`worker '${name}'`);
  return worker;
}

export function registerWorkers(app: ApiApp, deps: ApiDeps): void {
  registerWorkerSide(app, deps);
  registerOperatorSide(app, deps);
}

/** What `gantry worker` processes call, with the shared key. */
function registerWorkerSide(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps;


  app.post('/api/v1/workers', async (c) => {
    requireWorkerKey(c, deps);
    const info = await registration(c);
    if (info.team && !(await store.teams.get(info.team))) throw badRequest(`team '${info.team}' does not exist`);
    const ttl = ttlSeconds(c.req.query('ttl'));
    // A (re)starting worker has removed its containers and build volumes: forget their rows
    // with the old registration, unless an operator is draining it.
    const old = await store.workers.get(info.name);
    if (old && !/^https?:\/\//.test(old.address)) {
      throw new HttpError(409, `the name '${info.name}' belongs to a web node's in-process worker: choose another --name`);
    }
    if (old && old.state !== 'landing' && old.state !== 'retiring') await store.workers.destroy(info.name);
    deps.log?.(`worker ${info.name} registered from ${info.address}`);
    return c.json(presentWorker(await store.workers.heartbeat(info, ttl)));
  });

  app.put('/api/v1/workers/:name/heartbeat', async (c) => {
    requireWorkerKey(c, deps);
    const info = await registration(c);
    const name = c.req.param('name');
    if (info.name !== name) throw badRequest(`the body names worker '${info.name}', the path '${name}'`);
    const old = await store.workers.get(name);
    if (!old) throw notFound(`worker '${name}'`);
    // A landed worker stays landed until it registers again (restarts).
    if (old.state === 'landed') return c.json(presentWorker(old));
    // A drained retiring worker is removed here, so the worker hears that it was retired.
    if (old.state === 'retiring' && (await mayStop(store, name))) {
      await store.workers.destroy(name);
      deps.log?.(`worker ${name} retired`);
      return c.json({ ...presentWorker(old), state: 'retired' });
    }
    return c.json(presentWorker(await store.workers.heartbeat(info, ttlSeconds(c.req.query('ttl')))));
  });

}

/** What operators (and the worker itself) call. */
function registerOperatorSide(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps;

  app.get('/api/v1/workers', async (c) => {
    const access = c.get('access');
    if (!access.isAuthenticated && !hasWorkerKey(c, deps)) throw unauthorized();
    const all = await store.workers.list();
    const visible = access.isAdmin || hasWorkerKey(c, deps) ? all : all.filter((w) => !w.team || access.rolesOn(w.team).length > 0);
    return c.json(visible.map(presentWorker));
  });

  app.put('/api/v1/workers/:name/land', async (c) => {
    const w = await workerFor(c, deps, 'land workers');
    if (w.state !== 'landed') await store.workers.setState(w.name, 'landing');
    return c.body(null, 200);
  });

  app.put('/api/v1/workers/:name/retire', async (c) => {
    const w = await workerFor(c, deps, 'retire workers');
    await store.workers.setState(w.name, 'retiring');
    return c.body(null, 200);
  });

  app.put('/api/v1/workers/:name/prune', async (c) => {
    const w = await workerFor(c, deps, 'prune workers');
    if (w.state === 'running') throw new HttpError(400, 'cannot prune running worker', {}, { stderr: 'cannot prune running worker' });
    await store.workers.destroy(w.name);
    return c.body(null, 200);
  });

  app.delete('/api/v1/workers/:name', async (c) => {
    const w = await workerFor(c, deps, 'delete workers');
    await store.workers.destroy(w.name);
    return c.body(null, 200);
  });
}
