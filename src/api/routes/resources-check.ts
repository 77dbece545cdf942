// Checking and steering resources: check now (fly check-resource, optionally from a version,
// waiting for the outcome unless ?async), the webhook (authenticated by the resource's
// webhook_token, no login), check-resource-type, pins with comments, and enabling/disabling
// versions. Resource JSON gains the last check's outcome: `failing_to_check` and
// `check_error` (the names older Concourse used), `last_check_start_time`.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiApp, ApiDeps } from '../context';
import { badRequest, HttpError, notFound, unauthorized } from '../http-error';
import { pipelineFor, resourceFor } from '../scope';
import { instanceVarsFromQuery } from '../instance-vars';
import { requestCheck, type CheckFinishedMessage, type CheckRequestMessage } from '../../components/checker';
import type { Store } from '../../ports/store';
import type { Version } from '../../ports/store-rows';

const PIPELINE = '/api/v1/teams/:team/pipelines/:pipeline';
const RESOURCE = `${PIPELINE}/resources/:resource`;
/** How long a synchronous check call waits before answering `started`. */
const CHECK_WAIT_MS = 5 * 60_000;

export function registerResourceChecks(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps;
  decorateResourceJson(app, store);

  app.post(`${RESOURCE}/check`, async (c) => {
    const { resource } = await resourceFor(c, deps, 'CheckResource', { rejectArchived: true });
    const from = await fromVersion(c.req.raw);
    const async = new URL(c.req.url).searchParams.get('async') === 'true';
    const answer = await check(store, { kind: 'resource', id: resource.id, ...(from ? { from } : {}) }, async);
    return c.json(await checkBody(store, answer, resource.scopeId), 201);
  });

  app.post(`${PIPELINE}/resource-types/:type/check`, async (c) => {
    const pipeline = await pipelineFor(c, deps, 'CheckResourceType', { rejectArchived: true });
    const type = await store.resourceTypes.get(pipeline.id, c.req.param('type'));
    if (!type || !type.active) throw notFound(`resource type '${c.req.param('type')}'`);
    const from = await fromVersion(c.req.raw);
    const async = new URL(c.req.url).searchParams.get('async') === 'true';
    const answer = await check(store, { kind: 'resource-type', id: type.id, ...(from ? { from } : {}) }, async);
    return c.json(await checkBody(store, answer, type.scopeId), 201);
  });

  // No login: the token in the query is the credential, as in Concourse.
  app.post(`${RESOURCE}/check/webhook`, async (c) => {
    const url = new URL(c.req.url);
    const token = url.searchParams.get('webhook_token');
    const pipeline = await store.pipelines.get({ team: c.req.param('team'), name: c.req.param('pipeline'), instanceVars: instanceVarsFromQuery(url.searchParams) ?? null });
    const resource = pipeline && !pipeline.archived ? await store.resources.get(pipeline.id, c.req.param('resource')) : null;
    if (!resource || !resource.active) throw notFound(`resource '${c.req.param('resource')}'`);
    const expected = resource.config.webhook_token;
    if (typeof expected !== 'string' || expected === '' || token === null || !sameSecret(token, expected)) throw unauthorized();
    await requestCheck(store.notifier, { kind: 'resource', id: resource.id });
    return c.json({ status: 'started' }, 201);
  });

  app.put(`${RESOURCE}/versions/:version/pin`, async (c) => {
    const { resource } = await resourceFor(c, deps, 'PinResourceVersion');
    const version = await versionOf(store, resource.scopeId, c.req.param('version'));
    const existing = await store.resources.getPin(resource.id);
    if (existing?.fromConfig) throw new HttpError(409, `resource '${resource.name}' is pinned in the pipeline config; change the config to unpin it`);
    const body = (await c.req.json().catch(() => ({}))) as { pin_comment?: unknown };
    await store.resources.pin(resource.id, version, {
      comment: typeof body.pin_comment === 'string' ? body.pin_comment : null,
      by: c.get('access').user?.username ?? null,
    });
    return c.body(null, 200);
  });

  app.put(`${RESOURCE}/unpin`, async (c) => {
    const { resource } = await resourceFor(c, deps, 'UnpinResource');
    const pin = await store.resources.getPin(resource.id);
    if (pin?.fromConfig) throw new HttpError(409, `resource '${resource.name}' is pinned in the pipeline config; change the config to unpin it`);
    await store.resources.unpin(resource.id);
    return c.body(null, 200);
  });

  app.put(`${RESOURCE}/pin_comment`, async (c) => {
    const { resource } = await resourceFor(c, deps, 'SetPinCommentOnResource');
    const body = (await c.req.json().catch(() => ({}))) as { pin_comment?: unknown };
    if (typeof body.pin_comment !== 'string') throw badRequest('pin_comment must be a string');
    if (!(await store.resources.getPin(resource.id))) throw new HttpError(409, `resource '${resource.name}' is not pinned`);
    await store.resources.setPinComment(resource.id, body.pin_comment);
    return c.body(null, 200);
  });

  for (const [verb, enabled] of [['enable', true], ['disable', false]] as const) {
    app.put(`${RESOURCE}/versions/:version/${verb}`, async (c) => {
      const { resource } = await resourceFor(c, deps, enabled ? 'EnableResourceVersion' : 'DisableResourceVersion');
      const id = Number(c.req.param('version'));
      if (!Number.isInteger(id)) throw badRequest('resource version id must be a number');
      await store.resources.setVersionEnabled(resource.id, id, enabled);
      return c.body(null, 200);
    });
  }
}

async function fromVersion(req: Request): Promise<Version | undefined> {
  const text = await req.text();
  if (!text.trim()) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('request body must be JSON: {"from": {"key": "value"}}');
  }
  const from = (body as { from?: unknown }).from;
  if (from === undefined || from === null) return undefined;
  if (typeof from !== 'object' || Array.isArray(from)) throw badRequest('from must be a version object');
  return Object.fromEntries(Object.entries(from).map(([k, v]) => [k, String(v)]));
}

async function versionOf(store: Store, scopeId: number | null, param: string): Promise<Version> {
  const id = Number(param);
  if (!Number.isInteger(id)) throw badRequest('resource version id must be a number');
  const v = await store.versions.getVersion(id);
  if (!v || v.scopeId !== scopeId) throw notFound(`resource version ${id}`);
  return v.version;
}

type CheckAnswer = { waited: boolean; finished: CheckFinishedMessage | null };

async function check(store: Store, msg: CheckRequestMessage, async: boolean): Promise<CheckAnswer> {
  if (async) {
    await requestCheck(store.notifier, msg);
    return { waited: false, finished: null };
  }
  const answer = await requestCheck(store.notifier, msg, CHECK_WAIT_MS);
  if (answer === 'unanswered') throw new HttpError(503, 'no web node is checking resources: none has a worker to run checks on');
  return { waited: true, finished: answer };
}

async function checkBody(store: Store, answer: CheckAnswer, knownScope: number | null): Promise<Record<string, unknown>> {
  if (!answer.finished) return { status: 'started' };
  const scope = await store.versions.getScope(answer.finished.scopeId ?? knownScope);
  return {
    status: answer.finished.succeeded ? 'succeeded' : 'errored',
    ...(scope?.checkError ? { check_error: scope.checkError } : {}),
  };
}

/** Adds the last check's outcome to GET .../resources and GET .../resources/:resource. */
function decorateResourceJson(app: ApiApp, store: Store): void {
  const one = async (pipelineId: unknown, name: unknown, r: Record<string, unknown>) => {
    if (typeof pipelineId !== 'number' || typeof name !== 'string') return r;
    const row = await store.resources.get(pipelineId, name);
    const scope = row?.scopeId ? await store.versions.getScope(row.scopeId) : null;
    if (!scope) return r;
    return {
      ...r,
      failing_to_check: scope.lastCheckSucceeded === false,
      ...(scope.checkError && scope.lastCheckSucceeded === false ? { check_error: scope.checkError } : {}),
      ...(scope.lastCheckStart ? { last_check_start_time: Math.floor(scope.lastCheckStart.getTime() / 1000) } : {}),
      ...(scope.lastCheckEnd ? { last_check_end_time: Math.floor(scope.lastCheckEnd.getTime() / 1000) } : {}),
    };
  };
  for (const path of [`${PIPELINE}/resources`, RESOURCE]) {
    app.use(path, async (c, next) => {
      await next();
      if (c.req.method !== 'GET' || c.res.status !== 200) return;
      const body = (await c.res.clone().json().catch(() => undefined)) as unknown;
      if (!body || typeof body !== 'object') return;
      const list = Array.isArray(body) ? body : [body];
      const out = await Promise.all(list.map((r: Record<string, unknown>) => one(r.pipeline_id, r.name, r)));
      const headers = new Headers(c.res.headers);
      headers.delete('content-length');
      c.res = new Response(JSON.stringify(Array.isArray(body) ? out : out[0]), { status: 200, headers });
    });
  }
}

/** Compares in constant time (over digests, so lengths do not leak either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
