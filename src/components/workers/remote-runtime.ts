// A WorkerRuntime whose containers and volumes live on a `gantry worker` reached over HTTP.
// The port's lookups and lists are synchronous, so this keeps what it knows of the worker:
// everything it created, plus the worker's full list fetched by refresh() (the pool calls
// it before it hands the worker out, so a task cache made by an earlier build is found).
import type {
  Container, ContainerInfo, ContainerSpec, ExitStatus, ProcessSpec, RunningProcess, VolumeInfo, Volumes, WorkerRuntime,
} from '../../ports/worker-runtime';
import { encodeBytes } from '../../worker/http';
import { WorkerHttp } from './http-client';

const enc = encodeURIComponent;

class RemoteContainer implements Container {
  constructor(private readonly http: WorkerHttp, private last: ContainerInfo) {}

  get handle(): string {
    return this.last.handle;
  }
  async start(): Promise<void> {
    this.last = await this.http.json<ContainerInfo>('POST', `/v1/containers/${enc(this.handle)}/start`);
  }
  stdout(): AsyncIterable<Uint8Array> {
    return this.http.bytes(`/v1/containers/${enc(this.handle)}/stdout`);
  }
  stderr(): AsyncIterable<Uint8Array> {
    return this.http.bytes(`/v1/containers/${enc(this.handle)}/stderr`);
  }
  async wait(): Promise<ExitStatus> {
    const { exit, info } = await this.http.json<{ exit: ExitStatus; info: ContainerInfo }>('GET', `/v1/containers/${enc(this.handle)}/wait`);
    this.last = info;
    return exit;
  }
  async signal(name: string): Promise<void> {
    await this.http.json('POST', `/v1/containers/${enc(this.handle)}/signal`, { body: { signal: name } });
  }
  async exec(spec: ProcessSpec): Promise<RunningProcess> {
    const { id } = await this.http.json<{ id: string }>('POST', `/v1/containers/${enc(this.handle)}/processes`, { body: spec });
    return remoteProcess(this.http, id);
  }
  info(): ContainerInfo {
    return this.last;
  }
  update(info: ContainerInfo): void {
    this.last = info;
  }
}

/** stdin is a request body fed as the caller writes; output and status are their own requests. */
function remoteProcess(http: WorkerHttp, id: string): RunningProcess {
  const queue: Uint8Array[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const input = async function* (): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (queue.length > 0) yield queue.shift()!;
      else if (ended) return;
      else await new Promise<void>((r) => (wake = r));
    }
  };
  const stdinDone = http.json('PUT', `/v1/processes/${enc(id)}/stdin`, { stream: input() }).catch(() => undefined);
  const push = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  return {
    stdin: {
      write(chunk) {
        queue.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        push();
      },
      end() {
        ended = true;
        push();
      },
    },
    stdout: http.bytes(`/v1/processes/${enc(id)}/stdout`),
    stderr: http.bytes(`/v1/processes/${enc(id)}/stderr`),
    signal(name) {
      void http.json('POST', `/v1/processes/${enc(id)}/signal`, { body: { signal: name } }).catch(() => undefined);
    },
    async wait() {
      const status = await http.json<ExitStatus>('GET', `/v1/processes/${enc(id)}/wait`);
      ended = true;
      push();
      await stdinDone;
      return status;
    },
  };
}

class RemoteVolumes implements Volumes {
  readonly known = new Map<string, VolumeInfo>();
  constructor(private readonly http: WorkerHttp) {}

  async create(opts: { handle?: string; properties?: Record<string, string> } = {}): Promise<VolumeInfo> {
    return this.remember(await this.http.json<VolumeInfo>('POST', '/v1/volumes', { body: opts }));
  }
  async createChild(parent: string, opts: { handle?: string; properties?: Record<string, string> } = {}): Promise<VolumeInfo> {
    return this.remember(await this.http.json<VolumeInfo>('POST', `/v1/volumes/${enc(parent)}/children`, { body: opts }));
  }
  lookup(handle: string): VolumeInfo | undefined {
    return this.known.get(handle);
  }
  list(): VolumeInfo[] {
    return [...this.known.values()];
  }
  async streamIn(handle: string, subPath: string, tar: AsyncIterable<Uint8Array>): Promise<void> {
    await this.http.json('PUT', `/v1/volumes/${enc(handle)}/tar?path=${enc(subPath)}`, { stream: tar });
  }
  streamOut(handle: string, subPath: string): AsyncIterable<Uint8Array> {
    return this.http.bytes(`/v1/volumes/${enc(handle)}/tar?path=${enc(subPath)}`);
  }
  async destroy(handle: string): Promise<void> {
    await this.http.json('DELETE', `/v1/volumes/${enc(handle)}`);
    this.known.delete(handle);
  }
  remember(info: VolumeInfo): VolumeInfo {
    this.known.set(info.handle, info);
    return info;
  }
}

export class RemoteRuntime implements WorkerRuntime {
  readonly volumes: RemoteVolumes;
  private readonly containers = new Map<string, RemoteContainer>();

  constructor(private readonly http: WorkerHttp) {
    this.volumes = new RemoteVolumes(http);
  }

  /** Replaces what is known with the worker's own lists. */
  async refresh(): Promise<void> {
    const state = await this.http.json<{ containers: ContainerInfo[]; volumes: VolumeInfo[] }>('GET', '/v1/state');
    this.volumes.known.clear();
    for (const v of state.volumes) this.volumes.known.set(v.handle, v);
    const seen = new Set<string>();
    for (const info of state.containers) {
      seen.add(info.handle);
      const c = this.containers.get(info.handle);
      if (c) c.update(info);
      else this.containers.set(info.handle, new RemoteContainer(this.http, info));
    }
    for (const handle of this.containers.keys()) if (!seen.has(handle)) this.containers.delete(handle);
  }

  async create(spec: ContainerSpec): Promise<Container> {
    const { stdin, ...rest } = spec;
    const body = { ...rest, ...(stdin !== undefined ? { stdin: encodeBytes(stdin) } : {}) };
    const info = await this.http.json<ContainerInfo>('POST', '/v1/containers', { body });
    const c = new RemoteContainer(this.http, info);
    this.containers.set(info.handle, c);
    return c;
  }
  lookup(handle: string): Container | undefined {
    return this.containers.get(handle);
  }
  list(): ContainerInfo[] {
    return [...this.containers.values()].map((c) => c.info());
  }
  async destroy(handle: string, opts?: { graceMs?: number }): Promise<void> {
    const q = opts?.graceMs !== undefined ? `?grace_ms=${opts.graceMs}` : '';
    await this.http.json('DELETE', `/v1/containers/${enc(handle)}${q}`);
    this.containers.delete(handle);
  }
  /** The worker keeps running; only this client's view is dropped. */
  async close(): Promise<void> {
    this.containers.clear();
    this.volumes.known.clear();
  }
}
