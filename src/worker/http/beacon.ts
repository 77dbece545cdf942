// Registers the worker with a web node and keeps it alive: POST /api/v1/workers, then
// PUT /api/v1/workers/:name/heartbeat every interval, in Concourse's worker JSON shape,
// authenticated by the shared worker key. It also listens to the answers: once the web
// node says the worker is `landed`, or a retiring worker is gone, the worker stops.
import type { WorkerRegistration } from '../../protocol';
import { WORKER_KEY_HEADER } from './wire';

export type { WorkerRegistration };

export interface BeaconOptions {
  webUrl: string;
  key: string;
  /** The registration, read again before every heartbeat (container counts change). */
  describe(): WorkerRegistration;
  intervalMs?: number;
  /** How long the web node waits for the next heartbeat before the worker is stalled. */
  ttlSeconds?: number;
  log?: (message: string) => void;
  /** The worker should stop: it has landed, or it was retired. */
  onDone?(reason: 'landed' | 'retired'): void;
}

export interface Beacon {
  /** Resolves once the first registration was accepted; rejects when the key is refused. */
  readonly registered: Promise<void>;
  stop(): void;
}

export function startBeacon(opts: BeaconOptions): Beacon {
  const interval = opts.intervalMs ?? 10_000;
  const ttl = opts.ttlSeconds ?? 30;
  const log = opts.log ?? (() => undefined);
  const base = opts.webUrl.replace(/\/$/, '');
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let retiring = false;
  let needsRegister = true;

  const send = async (method: string, path: string): Promise<Response> =>
    fetch(`${base}${path}?ttl=${ttl}s`, {
      method,
      headers: { 'content-type': 'application/json', [WORKER_KEY_HEADER]: opts.key },
      body: JSON.stringify(opts.describe()),
    });

  const beat = async (): Promise<void> => {
    const name = encodeURIComponent(opts.describe().name);
    const res = needsRegister ? await send('POST', '/api/v1/workers') : await send('PUT', `/api/v1/workers/${name}/heartbeat`);
    if (res.status === 401 || res.status === 403) throw new RefusedError(`the web node refused the worker key (${res.status})`);
    if (res.status === 404 && !needsRegister) {
      await res.body?.cancel();
      if (retiring) return done('retired');
      log('the web node forgot this worker: registering again');
      needsRegister = true;
      return beat();
    }
    if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
    const answer = (await res.json()) as { state?: string };
    if (needsRegister) log(`registered with ${base} as ${opts.describe().name}`);
    needsRegister = false;
    retiring = answer.state === 'retiring';
    if (answer.state === 'landed') done('landed');
    if (answer.state === 'retired') done('retired');
  };

  const done = (reason: 'landed' | 'retired'): void => {
    if (stopped) return;
    log(`the web node says this worker is ${reason}: stopping`);
    stopped = true;
    clearTimeout(timer);
    opts.onDone?.(reason);
  };

  const loop = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      beat().catch((err: unknown) => log(`heartbeat to ${base} failed: ${(err as Error).message}`)).finally(loop);
    }, interval);
  };

  // The web node may not be up yet: keep trying, except when it refuses the key.
  const firstRegistration = async (): Promise<void> => {
    for (;;) {
      try {
        return await beat();
      } catch (err) {
        if (err instanceof RefusedError || stopped) throw err;
        log(`registering with ${base} failed: ${(err as Error).message}; retrying`);
        await new Promise((r) => setTimeout(r, interval));
      }
    }
  };
  const registered = firstRegistration().then(loop);
  registered.catch(() => undefined);
  return {
    registered,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export class RefusedError extends Error {
  override name = 'RefusedError';
}
