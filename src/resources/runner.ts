// The ResourceRunner of one worker: built-in types run in this process, `resource_types:`
// entries run their image's /opt/resource scripts in containers, and images (for tasks and
// for those containers) come through the image cache.
import {
  ResourceError, type BuildMetadata, type CheckRequest, type FetchImageRequest, type FetchedImage, type GetRequest,
  type GetResult, type ImageResource, type MetadataField, type OutputSink, type PutRequest, type PutResult,
  type ResourceParams, type ResourceRunner, type ResourceSource, type ResourceTypeSpec, type ResourceVersion,
} from '../ports/resource-runner';
import type { ContainerMount, WorkerRuntime } from '../ports/worker-runtime';
import { buildEnv } from './build-env';
import { putInputs } from './builtin/put-inputs';
import { defaultBuiltins, type BuiltinRegistry } from './builtin/registry';
import { runBuiltin } from './builtin/run-builtin';
import { GET_DIR, PUT_DIR, runScript } from './container-type';
import { ImageCache } from './image-cache';
import { parseCheckResponse, parseVersionResponse } from './protocol';
import { resolveType, typeIdentity, withDefaults, type ResolvedType } from './type-resolution';

export interface RunnerOptions {
  runtime: WorkerRuntime;
  builtins?: BuiltinRegistry;
}

interface Ctx {
  types: ResourceTypeSpec[];
  metadata: BuildMetadata;
  signal: AbortSignal;
  output?: OutputSink;
  chain: string[];
}

const NEVER = new AbortController().signal;

export class WorkerResourceRunner implements ResourceRunner {
  private readonly rt: WorkerRuntime;
  private readonly builtins: BuiltinRegistry;
  readonly images: ImageCache;

  constructor(opts: RunnerOptions) {
    this.rt = opts.runtime;
    this.builtins = opts.builtins ?? defaultBuiltins();
    this.images = new ImageCache(opts.runtime);
  }

  async check(req: CheckRequest): Promise<ResourceVersion[]> {
    const signal = req.timeoutMs ? AbortSignal.any([req.signal ?? NEVER, AbortSignal.timeout(req.timeoutMs)]) : req.signal ?? NEVER;
    return this.checkWith(req.type, req.source, req.from ?? null, this.ctx(req, signal));
  }

  async get(req: GetRequest): Promise<GetResult> {
    const ctx = this.ctx(req, req.signal ?? NEVER);
    const vol = await this.rt.volumes.create({ properties: { kind: 'resource-get', type: req.type } });
    try {
      const r = await this.getInto(vol.handle, req.type, req.source, req.version, req.params ?? {}, ctx, req.privileged ?? false);
      return { ...r, volume: vol.handle };
    } catch (e) {
      await this.rt.volumes.destroy(vol.handle).catch(() => undefined);
      throw e;
    }
  }

  async put(req: PutRequest): Promise<PutResult> {
    const ctx = this.ctx(req, req.signal ?? NEVER);
    const resolved = resolveType(req.type, ctx.types, this.builtins, ctx.chain);
    const source = withDefaults(req.source, resolved);
    const params = req.params ?? {};
    const env = buildEnv(ctx.metadata);
    if (resolved.kind === 'builtin') {
      const paths: Record<string, string> = {};
      for (const [name, handle] of Object.entries(req.inputs)) {
        const v = this.rt.volumes.lookup(handle);
        if (!v) throw new ResourceError('invalid-config', `input ${name}: volume ${handle} not found on this worker`);
        paths[name] = v.path;
      }
      return runBuiltin({ script: 'out', env, privileged: req.privileged ?? false, signal: ctx.signal, output: ctx.output, args: [PUT_DIR] },
        (bctx) => resolved.impl.out(bctx, putInputs(paths), { source, params }))
        .then((r) => ({ version: r.version, metadata: r.metadata ?? [] }));
    }
    return this.putInContainer(resolved, source, params, req.inputs, env, ctx);
  }

  async fetchImage(image: ImageResource, req: FetchImageRequest): Promise<FetchedImage> {
    const ctx: Ctx = { types: req.resourceTypes, metadata: req.metadata, signal: req.signal ?? NEVER, output: req.output, chain: [] };
    return this.image(image, ctx, req.privileged ?? false);
  }

  private ctx(req: { resourceTypes: ResourceTypeSpec[]; metadata: BuildMetadata; output?: OutputSink }, signal: AbortSignal): Ctx {
    return { types: req.resourceTypes, metadata: req.metadata, signal, output: req.output, chain: [] };
  }

  private async image(image: ImageResource, ctx: Ctx, privileged: boolean): Promise<FetchedImage> {
    let version = image.version;
    if (!version) {
      const versions = await this.checkWith(image.type, image.source, null, ctx);
      version = versions[versions.length - 1];
      if (!version) throw new ResourceError('no-versions', `no versions of the image (type ${image.type}) are available`);
    }
    const key = { type: typeIdentity(image.type, ctx.types, this.builtins, ctx.chain), source: image.source, params: image.params ?? {}, version, privileged };
    const v = version;
    return this.images.get(key, (handle) => this.getInto(handle, image.type, image.source, v, image.params ?? {}, ctx, privileged));
  }

  /** The image a custom type's scripts run in: its own type/source, resolved without itself. */
  private typeImage(resolved: Extract<ResolvedType, { kind: 'custom' }>, ctx: Ctx): Promise<FetchedImage> {
    const s = resolved.spec;
    return this.image({ type: s.type, source: s.source, ...(s.params ? { params: s.params } : {}), ...(s.version ? { version: s.version } : {}) },
      { ...ctx, chain: resolved.chain }, false);
  }

  private async checkWith(type: string, rawSource: ResourceSource, from: ResourceVersion | null, ctx: Ctx): Promise<ResourceVersion[]> {
    const resolved = resolveType(type, ctx.types, this.builtins, ctx.chain);
    const source = withDefaults(rawSource, resolved);
    const env = buildEnv(ctx.metadata);
    if (resolved.kind === 'builtin') {
      return runBuiltin({ script: 'check', env, privileged: false, signal: ctx.signal, output: ctx.output },
        (bctx) => resolved.impl.check(bctx, { source, version: from }));
    }
    const image = await this.typeImage(resolved, ctx);
    const out = await runScript(this.rt, {
      script: 'check', image, env, request: { source, version: from }, privileged: resolved.spec.privileged ?? false,
      signal: ctx.signal, output: ctx.output,
    });
    return parseCheckResponse('/opt/resource/check', out);
  }

  private async getInto(handle: string, type: string, rawSource: ResourceSource, version: ResourceVersion, params: ResourceParams,
    ctx: Ctx, privileged: boolean): Promise<{ version: ResourceVersion; metadata: MetadataField[] }> {
    const resolved = resolveType(type, ctx.types, this.builtins, ctx.chain);
    const source = withDefaults(rawSource, resolved);
    const env = buildEnv(ctx.metadata);
    if (resolved.kind === 'builtin') {
      const dir = this.rt.volumes.lookup(handle)!.path;
      const r = await runBuiltin({ script: 'in', env, privileged, signal: ctx.signal, output: ctx.output, args: [GET_DIR] },
        (bctx) => resolved.impl.in(bctx, dir, { source, version, params }));
      return { version: r.version, metadata: r.metadata ?? [] };
    }
    const image = await this.typeImage(resolved, ctx);
    const out = await runScript(this.rt, {
      script: 'in', image, env, request: { source, version, params }, privileged: privileged || (resolved.spec.privileged ?? false),
      mounts: [{ volume: handle, destination: GET_DIR }], dir: GET_DIR, signal: ctx.signal, output: ctx.output,
    });
    return parseVersionResponse('/opt/resource/in', out);
  }

  private async putInContainer(resolved: Extract<ResolvedType, { kind: 'custom' }>, source: ResourceSource, params: ResourceParams,
    inputs: Record<string, string>, env: Record<string, string>, ctx: Ctx): Promise<PutResult> {
    const image = await this.typeImage(resolved, ctx);
    const created: string[] = [];
    try {
      const work = await this.rt.volumes.create({ properties: { kind: 'resource-put' } });
      created.push(work.handle);
      const mounts: ContainerMount[] = [{ volume: work.handle, destination: PUT_DIR }];
      for (const [name, handle] of Object.entries(inputs)) {
        const child = await this.rt.volumes.createChild(handle, { properties: { kind: 'resource-put-input' } });
        created.push(child.handle);
        mounts.push({ volume: child.handle, destination: `${PUT_DIR}/${name}` });
      }
      const out = await runScript(this.rt, {
        script: 'out', image, env, request: { source, params }, privileged: resolved.spec.privileged ?? false,
        mounts, dir: PUT_DIR, signal: ctx.signal, output: ctx.output,
      });
      return parseVersionResponse('/opt/resource/out', out);
    } finally {
      for (const h of created.reverse()) await this.rt.volumes.destroy(h).catch(() => undefined);
    }
  }
}
