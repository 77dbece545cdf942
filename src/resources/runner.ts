// The ResourceRunner of one worker: built-in types run in this process, `resource_types:`
// entries run their image's /opt/resource scripts in containers, and images (for tasks and
// for those containers) come through the image cache.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ResourceError, type BuildMetadata, type CheckRequest, type FetchImageRequest, type FetchedImage, type GetRequest,
  type GetResult, type ImageResource, type MetadataField, type OutputSink, type PutRequest, type PutResult,
  type ResourceParams, type ResourceRunner, type ResourceSource, type ResourceTypeSpec, type ResourceVersion,
} from '../ports/resource-runner';
import type { ContainerMount, WorkerRuntime } from '../ports/worker-runtime';
import { buildEnv } from './build-env';
import { putInputs } from './builtin/put-inputs';
import { defaultBuiltins, type BuiltinRegistry } from './builtin/registry';
import { runBuiltin, type BuiltinRun } from './builtin/run-builtin';
import { BUILTIN_MARKER, type BuiltinResourceType } from './builtin/types';
import { GET_DIR, PUT_DIR, runScript, type ScriptRun } from './container-type';
import { ImageCache } from './image-cache';
import { parseCheckResponse, parseVersionResponse } from './protocol';
import { resolveType, typeIdentity, withDefaults } from './type-resolution';

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

/** How one operation runs: a built-in in process, or scripts in a container from an image. */
type Impl =
  | { kind: 'builtin'; impl: BuiltinResourceType; env: Record<string, string>; privileged: boolean; source: ResourceSource }
  | { kind: 'container'; image: FetchedImage; env: Record<string, string>; privileged: boolean; source: ResourceSource };

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
    return this.checkWith(req.type, req.source, req.from ?? null, this.ctx(req, signal), req.versionMetadata);
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
    const impl = await this.implFor(req.type, req.source, ctx, req.privileged ?? false);
    const params = req.params ?? {};
    if (impl.kind === 'builtin') {
      const paths: Record<string, string> = {};
      for (const [name, handle] of Object.entries(req.inputs)) {
        const v = this.rt.volumes.lookup(handle);
        if (!v) throw new ResourceError('invalid-config', `input ${name}: volume ${handle} not found on this worker`);
        paths[name] = v.path;
      }
      const r = await runBuiltin(this.builtinRun('out', impl, ctx, [PUT_DIR]),
        (b) => impl.impl.out(b, putInputs(paths), { source: impl.source, params }));
      return { version: r.version, metadata: r.metadata ?? [] };
    }
    return this.putInContainer(impl, params, req.inputs, ctx);
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

  /** Resolves a type name to how it runs. A custom type's image is fetched by its own
   *  type/source (resolved without itself); an image that is a mirrored built-in runs in process. */
  private async implFor(type: string, rawSource: ResourceSource, ctx: Ctx, privileged: boolean): Promise<Impl> {
    const resolved = resolveType(type, ctx.types, this.builtins, ctx.chain);
    const source = withDefaults(rawSource, resolved);
    const env = buildEnv(ctx.metadata);
    if (resolved.kind === 'builtin') return { kind: 'builtin', impl: resolved.impl, env, privileged, source };
    const s = resolved.spec;
    const image = await this.image({ type: s.type, source: s.source, ...(s.params ? { params: s.params } : {}), ...(s.version ? { version: s.version } : {}) },
      { ...ctx, chain: resolved.chain }, false);
    const priv = privileged || (s.privileged ?? false);
    const mirrored = this.mirroredBuiltin(image);
    if (mirrored) return { kind: 'builtin', impl: mirrored, env: { ...image.env, ...env }, privileged: priv, source };
    return { kind: 'container', image, env, privileged: priv, source };
  }

  private mirroredBuiltin(image: FetchedImage): BuiltinResourceType | undefined {
    if (!('path' in image.rootfs)) return undefined;
    const marker = join(image.rootfs.path, BUILTIN_MARKER);
    return existsSync(marker) ? this.builtins.lookup(readFileSync(marker, 'utf8').trim()) : undefined;
  }

  private builtinRun(script: BuiltinRun['script'], impl: Extract<Impl, { kind: 'builtin' }>, ctx: Ctx, args: string[] = []): BuiltinRun {
    return { script, env: impl.env, privileged: impl.privileged, signal: ctx.signal, output: ctx.output, args };
  }

  private scriptRun(script: ScriptRun['script'], impl: Extract<Impl, { kind: 'container' }>, ctx: Ctx, request: unknown): ScriptRun {
    return { script, image: impl.image, env: impl.env, request, privileged: impl.privileged, signal: ctx.signal, output: ctx.output };
  }

  private async checkWith(type: string, rawSource: ResourceSource, from: ResourceVersion | null, ctx: Ctx,
    describe?: CheckRequest['versionMetadata']): Promise<ResourceVersion[]> {
    const impl = await this.implFor(type, rawSource, ctx, false);
    if (impl.kind === 'builtin') {
      const { impl: t, source } = impl;
      if (describe && t.checkWithMetadata) {
        const found = await runBuiltin(this.builtinRun('check', impl, ctx), (b) => t.checkWithMetadata!(b, { source, version: from }));
        for (const f of found) if (f.metadata?.length) describe(f.version, f.metadata);
        return found.map((f) => f.version);
      }
      return runBuiltin(this.builtinRun('check', impl, ctx), (b) => t.check(b, { source, version: from }));
    }
    const out = await runScript(this.rt, this.scriptRun('check', impl, ctx, { source: impl.source, version: from }));
    return parseCheckResponse('/opt/resource/check', out);
  }

  private async getInto(handle: string, type: string, rawSource: ResourceSource, version: ResourceVersion, params: ResourceParams,
    ctx: Ctx, privileged: boolean): Promise<{ version: ResourceVersion; metadata: MetadataField[] }> {
    const impl = await this.implFor(type, rawSource, ctx, privileged);
    if (impl.kind === 'builtin') {
      const dir = this.rt.volumes.lookup(handle)!.path;
      const r = await runBuiltin(this.builtinRun('in', impl, ctx, [GET_DIR]), (b) => impl.impl.in(b, dir, { source: impl.source, version, params }));
      return { version: r.version, metadata: r.metadata ?? [] };
    }
    const out = await runScript(this.rt, {
      ...this.scriptRun('in', impl, ctx, { source: impl.source, version, params }),
      mounts: [{ volume: handle, destination: GET_DIR }], dir: GET_DIR,
    });
    return parseVersionResponse('/opt/resource/in', out);
  }

  private async putInContainer(impl: Extract<Impl, { kind: 'container' }>, params: ResourceParams, inputs: Record<string, string>, ctx: Ctx): Promise<PutResult> {
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
      const out = await runScript(this.rt, { ...this.scriptRun('out', impl, ctx, { source: impl.source, params }), mounts, dir: PUT_DIR });
      return parseVersionResponse('/opt/resource/out', out);
    } finally {
      for (const h of created.reverse()) await this.rt.volumes.destroy(h).catch(() => undefined);
    }
  }
}
