// Resources of a pipeline, one resource, and its versions. Checks, pins: resources-check.ts.
import type { ApiApp, ApiDeps } from '../context';
import { baseUrl } from '../context';
import { presentResource, presentVersion } from '../present';
import { pipelineFor, resourceFor } from '../scope';
import { badRequest, notFound } from '../http-error';
import { linkHeader, pageFromQuery } from '../pagination';
import { visiblePipelines } from './pipelines';
import type { Pipeline, Resource } from '../../ports/store-rows';

const RESOURCE = '/api/v1/teams/:team/pipelines/:pipeline/resources/:resource';

export function registerResources(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps;

  async function present(r: Resource, p: Pipeline) {
    const [pin, scope] = await Promise.all([
      store.resources.getPin(r.id),
      r.scopeId !== null ? store.versions.getScope(r.scopeId) : Promise.resolve(null),
    ]);
    return presentResource(r, p, pin, scope);
  }

  // Every resource of every visible pipeline, for dashboards.
  app.get('/api/v1/resources', async (c) => {
    const pipelines = await visiblePipelines(c, deps, false);
    const lists = await Promise.all(pipelines.map(async (p) => Promise.all((await store.resources.list(p.id)).map((r) => present(r, p)))));
    return c.json(lists.flat());
  });

  app.get('/api/v1/teams/:team/pipelines/:pipeline/resources', async (c) => {
    const pipeline = await pipelineFor(c, deps, 'ListResources', { publicRead: true });
    const resources = await store.resources.list(pipeline.id);
    return c.json(await Promise.all(resources.map((r) => present(r, pipeline))));
  });

  app.get(RESOURCE, async (c) => {
    const { pipeline, resource } = await resourceFor(c, deps, 'GetResource', { publicRead: true });
    return c.json(await present(resource, pipeline));
  });

  app.get(`${RESOURCE}/versions`, async (c) => {
    const { resource } = await resourceFor(c, deps, 'ListResourceVersions', { publicRead: true });
    const url = new URL(c.req.url);
    const result = await store.versions.listForResource(resource.id, pageFromQuery(url.searchParams));
    const link = linkHeader(baseUrl(c, deps), url.pathname, result);
    if (link) c.header('Link', link);
    return c.json(result.items.map(presentVersion));
  });

  app.get(`${RESOURCE}/versions/:version`, async (c) => {
    const { resource } = await resourceFor(c, deps, 'GetResourceVersion', { publicRead: true });
    const id = Number(c.req.param('version'));
    if (!Number.isInteger(id)) throw badRequest(`resource version id must be a number`);
    // Enabled-ness is per pipeline resource, so read the version through the resource.
    const version = await store.versions.getForResource(resource.id, id);
    if (!version) throw notFound(`version ${id} of resource '${resource.name}'`);
    return c.json(presentVersion(version));
  });
}
