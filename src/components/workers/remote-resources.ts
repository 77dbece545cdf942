// A ResourceRunner whose check / get / put / image fetch run on a `gantry worker`. Output
// arrives line by line while the script runs; aborting closes the connection, which the
// worker turns into an abort of the script.
import { createInterface } from 'node:readline';
import {
  ResourceError, type CheckRequest, type FetchImageRequest, type FetchedImage, type GetRequest, type GetResult,
  type ImageResource, type OutputSink, type PutRequest, type PutResult, type ResourceRunner, type ResourceVersion,
} from '../../ports/resource-runner';
import type { VolumeInfo } from '../../ports/worker-runtime';
import { fromWireError, type ResourceLine } from '../../worker/http';
import type { WorkerHttp } from './http-client';

/** The parts of a request that travel (signals and sinks stay here). */
function wire<T extends { signal?: AbortSignal; output?: OutputSink }>(req: T): Omit<T, 'signal' | 'output'> {
  const { signal: _s, output: _o, ...rest } = req;
  return rest;
}

export class RemoteResourceRunner implements ResourceRunner {
  constructor(private readonly http: WorkerHttp, private readonly remember: (v: VolumeInfo) => void) {}

  check(req: CheckRequest): Promise<ResourceVersion[]> {
    const { versionMetadata: _d, ...rest } = wire(req);
    return this.call<ResourceVersion[]>('check', rest, req.signal, req.output, req.versionMetadata);
  }

  async get(req: GetRequest): Promise<GetResult> {
    const r = await this.call<GetResult & { volumeInfo: VolumeInfo | null }>('get', wire(req), req.signal, req.output);
    if (r.volumeInfo) this.remember(r.volumeInfo);
    return { version: r.version, metadata: r.metadata, volume: r.volume };
  }

  put(req: PutRequest): Promise<PutResult> {
    return this.call<PutResult>('put', wire(req), req.signal, req.output);
  }

  async fetchImage(image: ImageResource, req: FetchImageRequest): Promise<FetchedImage> {
    const r = await this.call<FetchedImage & { volumeInfo: VolumeInfo | null }>(
      'fetch-image', { image, request: wire(req) }, req.signal, req.output);
    if (r.volumeInfo) this.remember(r.volumeInfo);
    const { volumeInfo: _v, ...fetched } = r;
    return fetched;
  }

  private async call<T>(
    op: string, body: unknown, signal: AbortSignal | undefined, output: OutputSink | undefined,
    versionMetadata?: CheckRequest['versionMetadata'],
  ): Promise<T> {
    if (signal?.aborted) throw new ResourceError('aborted', 'aborted', { cause: signal.reason });
    let res;
    try {
      res = await this.http.open('POST', `/v1/resources/${op}`, { body, ...(signal ? { signal } : {}) });
    } catch (err) {
      throw signal?.aborted ? new ResourceError('aborted', 'aborted', { cause: signal.reason }) : err;
    }
    try {
      for await (const text of createInterface({ input: res, crlfDelay: Infinity })) {
        if (text === '') continue;
        const line = JSON.parse(text) as ResourceLine;
        if ('output' in line) output?.(Buffer.from(line.output, 'base64'));
        else if ('versionMetadata' in line) versionMetadata?.(line.versionMetadata.version, line.versionMetadata.metadata);
        else if ('result' in line) return line.result as T;
        else throw fromWireError(line.error);
      }
    } catch (err) {
      if (signal?.aborted) throw new ResourceError('aborted', 'aborted', { cause: signal.reason });
      throw err;
    }
    if (signal?.aborted) throw new ResourceError('aborted', 'aborted', { cause: signal.reason });
    throw new Error(`worker ${this.http.workerName}: the ${op} call ended without an answer`);
  }
}
