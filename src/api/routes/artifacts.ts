// Artifacts of one-off builds, as fly execute uses them: POST a gzipped tar of an input
// directory (→ {id, ...}), GET an output back as a gzipped tar. An archive entry that
// escapes its directory (absolute, `..`, a climbing link) is refused with 400.
import type { ApiApp, ApiDeps } from '../context';
import { teamFor } from '../scope';
import { badRequest, HttpError, notFound, notImplemented } from '../http-error';
import { WorkerRuntimeError } from '../../ports/worker-runtime';
import type { BuildServices } from './build-services';

function services(deps: ApiDeps): BuildServices {
  if (!deps.buildServices) throw notImplemented('artifacts without a worker on this node', 'a worker (gantry web --local-worker)');
  return deps.buildServices;
}

export function registerArtifacts(app: ApiApp, deps: ApiDeps): void {
  app.post('/api/v1/teams/:team/artifacts', async (c) => {
    const team = await teamFor(c, deps, 'CreateArtifact');
    const body = c.req.raw.body;
    if (!body) throw badRequest('the request body must be a gzipped tar');
    try {
      const volume = await services(deps).uploadArtifact(team.id, body as unknown as AsyncIterable<Uint8Array>);
      return c.json({ id: volume.handle, name: '', build_id: 0, created_at: Math.floor(volume.createdAt.getTime() / 1000) }, 201);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      if (err instanceof WorkerRuntimeError && err.code === 'unsafe-archive') throw badRequest(`refused archive: ${err.message}`);
      throw badRequest(`could not read the archive: ${(err as Error).message}`);
    }
  });

  app.get('/api/v1/teams/:team/artifacts/:id', async (c) => {
    const team = await teamFor(c, deps, 'GetArtifact');
    const volume = await deps.store.volumes.get(c.req.param('id'));
    if (!volume || volume.kind !== 'artifact' || volume.teamId !== team.id) throw notFound(`artifact ${c.req.param('id')}`);
    const stream = services(deps).downloadArtifact(volume);
    return new Response(ReadableStreamFrom(stream), { headers: { 'Content-Type': 'application/octet-stream' } });
  });
}

function ReadableStreamFrom(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await it.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await it.return?.();
    },
  });
}
