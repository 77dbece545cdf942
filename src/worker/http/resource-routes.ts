// check / get / put / fetch-image of the worker's ResourceRunner over HTTP. The answer is
// newline-delimited JSON: output lines (base64) while the script runs (and, for a check, one
// line per version the type described), then one result or error line. The web node aborts a
// call by closing the connection.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CheckRequest, FetchImageRequest, GetRequest, ImageResource, PutRequest, ResourceRunner } from '../../ports/resource-runner';
import type { WorkerRuntime } from '../../ports/worker-runtime';
import { clientGone, readJson } from './http-io';
import type { Handler, Route } from './runtime-routes';
import { toWireError, type ResourceLine } from './wire';

interface Extras { signal: AbortSignal; output: (b: Uint8Array) => void; line: (l: ResourceLine) => void }
type Op = (body: Record<string, unknown>, extras: Extras) => Promise<unknown>;

function ndjson(op: Op): Handler {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const body = (await readJson(req)) as Record<string, unknown>;
    const signal = clientGone(res);
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.flushHeaders();
    const line = (l: ResourceLine): void => {
      if (!res.destroyed) res.write(`${JSON.stringify(l)}\n`);
    };
    const output = (chunk: Uint8Array): void => line({ output: Buffer.from(chunk).toString('base64') });
    try {
      line({ result: await op(body, { signal, output, line }) });
    } catch (err) {
      line({ error: toWireError(err) });
    }
    res.end();
  };
}

export function resourceRoutes(runner: ResourceRunner, rt: WorkerRuntime): Route[] {
  const r = (name: string, op: Op): Route => ({ method: 'POST', pattern: new RegExp(`^/v1/resources/${name}$`), handler: ndjson(op) });
  return [
    // A type that describes the versions it finds (git) tells it before the result line.
    r('check', (b, { signal, output, line }) => runner.check({
      ...(b as unknown as CheckRequest), signal, output,
      versionMetadata: (version, metadata) => line({ versionMetadata: { version, metadata } }),
    })),
    r('get', async (b, { signal, output }) => {
      const got = await runner.get({ ...(b as unknown as GetRequest), signal, output });
      // The new volume's details go along, so the web node knows it without asking.
      return { ...got, volumeInfo: rt.volumes.lookup(got.volume) ?? null };
    }),
    r('put', (b, { signal, output }) => runner.put({ ...(b as unknown as PutRequest), signal, output })),
    r('fetch-image', async (b, { signal, output }) => {
      const { image, request } = b as unknown as { image: ImageResource; request: FetchImageRequest };
      const fetched = await runner.fetchImage(image, { ...request, signal, output });
      const vol = 'volume' in fetched.rootfs ? rt.volumes.lookup(fetched.rootfs.volume) : undefined;
      return { ...fetched, volumeInfo: vol ?? null };
    }),
  ];
}
