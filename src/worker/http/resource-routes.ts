// check / get / put / fetch-image of the worker's ResourceRunner over HTTP. The answer is
// newline-delimited JSON: output lines (base64) while the script runs, then one result or
// error line. The web node aborts a call by closing the connection.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CheckRequest, FetchImageRequest, GetRequest, ImageResource, PutRequest, ResourceRunner } from '../../ports/resource-runner';
import type { WorkerRuntime } from '../../ports/worker-runtime';
import { clientGone, readJson } from './http-io';
import type { Handler, Route } from './runtime-routes';
import { toWireError, type ResourceLine } from './wire';

type Op = (body: Record<string, unknown>, extras: { signal: AbortSignal; output: (b: Uint8Array) => void }) => Promise<unknown>;

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
      line({ result: await op(body, { signal, output }) });
    } catch (err) {
      line({ error: toWireError(err) });
    }
    res.end();
  };
}

export function resourceRoutes(runner: ResourceRunner, rt: WorkerRuntime): Route[] {
  const r = (name: string, op: Op): Route => ({ method: 'POST', pattern: new RegExp(`^/v1/resources/${name}$`), handler: ndjson(op) });
  return [
    r('check', (b, x) => runner.check({ ...(b as unknown as CheckRequest), ...x })),
    r('get', async (b, x) => {
      const got = await runner.get({ ...(b as unknown as GetRequest), ...x });
      // The new volume's details go along, so the web node knows it without asking.
      return { ...got, volumeInfo: rt.volumes.lookup(got.volume) ?? null };
    }),
    r('put', (b, x) => runner.put({ ...(b as unknown as PutRequest), ...x })),
    r('fetch-image', async (b, x) => {
      const { image, request } = b as unknown as { image: ImageResource; request: FetchImageRequest };
      const fetched = await runner.fetchImage(image, { ...request, ...x });
      const vol = 'volume' in fetched.rootfs ? rt.volumes.lookup(fetched.rootfs.volume) : undefined;
      return { ...fetched, volumeInfo: vol ?? null };
    }),
  ];
}
