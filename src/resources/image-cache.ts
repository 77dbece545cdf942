// Images fetched for tasks and resource types, kept on the worker by (type, source,
// params, version): one volume per entry with a deterministic handle, so the cache also
// survives a worker restart. A marker file written last says the fetch finished; a volume
// without it (a crash mid-fetch) is removed and fetched again. Concurrent asks for one key
// share one fetch.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResourceError, type FetchedImage, type MetadataField, type ResourceVersion } from '../ports/resource-runner';
import type { WorkerRuntime } from '../ports/worker-runtime';

const MARKER = '.gantry-image.json';

interface Marker { version: ResourceVersion; metadata: MetadataField[] }

/** JSON with sorted keys, so equal maps give equal keys. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function imageCacheHandle(key: unknown): string {
  return `image-${createHash('sha256').update(canonicalJson(key)).digest('hex').slice(0, 48)}`;
}

/** Reads Concourse's image layout in a volume: rootfs/ and metadata.json ({env: ["K=V"], user}). */
export function readImageVolume(path: string): { rootfs: string; env: Record<string, string>; user?: string } {
  const rootfs = join(path, 'rootfs');
  if (!existsSync(rootfs)) throw new ResourceError('invalid-response', 'the image has no rootfs/ directory');
  let meta: { env?: unknown; user?: unknown } = {};
  try { meta = JSON.parse(readFileSync(join(path, 'metadata.json'), 'utf8')) as typeof meta; } catch { /* optional, as in Concourse */ }
  const env: Record<string, string> = {};
  for (const line of Array.isArray(meta.env) ? meta.env : []) {
    if (typeof line !== 'string') continue;
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return { rootfs, env, ...(typeof meta.user === 'string' && meta.user ? { user: meta.user } : {}) };
}

export class ImageCache {
  private readonly inflight = new Map<string, Promise<FetchedImage>>();

  constructor(private readonly rt: WorkerRuntime) {}

  /** The cached image for `key`, or the result of `fetch(handle)` filling a new volume of that handle. */
  async get(key: unknown, fetch: (handle: string) => Promise<Marker>): Promise<FetchedImage> {
    const handle = imageCacheHandle(key);
    const hit = this.lookup(handle);
    if (hit) return hit;
    const running = this.inflight.get(handle);
    if (running) return running;
    const p = this.fill(handle, fetch).finally(() => this.inflight.delete(handle));
    this.inflight.set(handle, p);
    return p;
  }

  private lookup(handle: string): FetchedImage | undefined {
    const vol = this.rt.volumes.lookup(handle);
    if (!vol || !existsSync(join(vol.path, MARKER))) return undefined;
    const marker = JSON.parse(readFileSync(join(vol.path, MARKER), 'utf8')) as Marker;
    const img = readImageVolume(vol.path);
    return { rootfs: { path: img.rootfs }, env: img.env, ...(img.user ? { user: img.user } : {}), ...marker, cached: true };
  }

  private async fill(handle: string, fetch: (handle: string) => Promise<Marker>): Promise<FetchedImage> {
    if (this.rt.volumes.lookup(handle)) await this.rt.volumes.destroy(handle); // left half-done by a crash
    const vol = await this.rt.volumes.create({ handle, properties: { kind: 'image-cache' } });
    try {
      const marker = await fetch(handle);
      const img = readImageVolume(vol.path);
      writeFileSync(join(vol.path, MARKER), JSON.stringify(marker));
      return { rootfs: { path: img.rootfs }, env: img.env, ...(img.user ? { user: img.user } : {}), ...marker, cached: false };
    } catch (e) {
      await this.rt.volumes.destroy(handle).catch(() => undefined);
      throw e;
    }
  }
}
