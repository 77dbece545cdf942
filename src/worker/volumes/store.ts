// Volumes: directories under <workDir>/volumes/<handle>/. A plain volume keeps its content
// in data/. A copy-on-write child mounts an overlay on data/ whose lower layers are its
// parent's layers (listed, never stacked) and whose upper/ takes its writes; without
// overlayfs it is a `cp -a` of the parent. Caches are plain volumes the caller keys.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkerRuntimeError, type VolumeInfo, type Volumes } from '../../ports/worker-runtime';
import { command } from '../host/command';
import { mountsUnder, type Mounter } from '../host/mounts';
import { extractSafely, packPath, resolveInside } from './safe-tar';
import { checkHandle } from '../supervisor/handles';

interface VolumeMeta {
  handle: string;
  parent?: string;
  /** Lower layers of a copy-on-write child mounted with overlayfs, top-most first. */
  lower?: string[];
  properties: Record<string, string>;
}

export class VolumeStore implements Volumes {
  private readonly metas = new Map<string, VolumeMeta>();
  /** Handles being set up (reserved, not yet committed) and being removed: a new volume of
   *  the same handle waits for a removal, and a dir that is neither is a failed removal's. */
  private readonly settingUp = new Set<string>();
  private readonly removing = new Map<string, Promise<void>>();

  private constructor(private readonly root: string, private readonly overlay: boolean, private readonly mounter: Mounter) {}

  /** Loads the volumes a previous run left and mounts their overlays again. */
  static async open(root: string, overlay: boolean, mounter: Mounter): Promise<VolumeStore> {
    mkdirSync(root, { recursive: true });
    const store = new VolumeStore(root, overlay, mounter);
    for (const handle of readdirSync(root)) {
      try {
        store.metas.set(handle, JSON.parse(readFileSync(join(root, handle, 'meta.json'), 'utf8')) as VolumeMeta);
      } catch {
        await rm(join(root, handle), { recursive: true, force: true }); // half-created
      }
    }
    await store.remount();
    return store;
  }

  async create(opts: { handle?: string; properties?: Record<string, string> } = {}): Promise<VolumeInfo> {
    await this.clearLeftover(opts.handle);
    const meta = this.reserve(opts.handle, opts.properties);
    try {
      mkdirSync(join(this.dir(meta.handle), 'data'), { recursive: true });
      return this.commit(meta);
    } finally {
      this.settingUp.delete(meta.handle);
    }
  }

  async createChild(parent: string, opts: { handle?: string; properties?: Record<string, string> } = {}): Promise<VolumeInfo> {
    const p = this.get(parent);
    await this.clearLeftover(opts.handle);
    const meta = this.reserve(opts.handle, opts.properties);
    meta.parent = parent;
    const d = this.dir(meta.handle);
    try {
      mkdirSync(join(d, 'data'), { recursive: true });
      if (this.overlay) {
        meta.lower = this.layers(p.handle);
        for (const sub of ['upper', 'work']) mkdirSync(join(d, sub));
        await this.mounter.mountOverlay({ lower: meta.lower, upper: join(d, 'upper'), work: join(d, 'work') }, join(d, 'data'));
      } else {
        await command('cp', ['-a', `${join(this.dir(parent), 'data')}/.`, join(d, 'data')]);
      }
    } catch (e) {
      this.settingUp.delete(meta.handle);
      await rm(d, { recursive: true, force: true });
      throw e;
    }
    return this.commit(meta);
  }

  /** Before a volume of a named handle is made: a removal of that handle still under way is
   *  waited for, and a dir a failed removal left (no volume owns it) is removed again. An
   *  image fetch aborted while it still wrote into its volume left such a dir, and every
   *  later build of that image then failed with "volume image-... already exists". */
  private async clearLeftover(handle: string | undefined): Promise<void> {
    if (handle === undefined) return;
    await this.removing.get(handle)?.catch(() => undefined);
    if (this.metas.has(handle) || this.settingUp.has(handle) || !existsSync(this.dir(handle))) return;
    await rm(this.dir(handle), { recursive: true, force: true }).catch(() => undefined);
  }

  /** The read-only layers that reproduce a volume's content, top-most first. */
  layers(handle: string): string[] {
    const m = this.get(handle);
    return m.lower ? [join(this.dir(handle), 'upper'), ...m.lower] : [join(this.dir(handle), 'data')];
  }

  lookup(handle: string): VolumeInfo | undefined {
    const m = this.metas.get(handle);
    return m && this.info(m);
  }

  list(): VolumeInfo[] {
    return [...this.metas.values()].map((m) => this.info(m));
  }

  async streamIn(handle: string, subPath: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
    this.get(handle);
    const dest = resolveInside(join(this.dir(handle), 'data'), subPath, { create: true });
    await extractSafely(dest, source);
  }

  streamOut(handle: string, subPath: string): AsyncIterable<Uint8Array> {
    this.get(handle);
    return packPath(resolveInside(join(this.dir(handle), 'data'), subPath));
  }

  async destroy(handle: string): Promise<void> {
    this.get(handle);
    const child = [...this.metas.values()].find((m) => m.parent === handle);
    if (child) throw new WorkerRuntimeError('invalid-state', `volume ${handle} has a copy-on-write child (${child.handle}); destroy that first`);
    const d = this.dir(handle);
    if (this.get(handle).lower) await this.mounter.unmount(join(d, 'data'));
    this.metas.delete(handle);
    const removal = rm(d, { recursive: true, force: true }).finally(() => this.removing.delete(handle));
    this.removing.set(handle, removal);
    await removal;
  }

  private get(handle: string): VolumeMeta {
    const m = this.metas.get(handle);
    if (!m) throw new WorkerRuntimeError('not-found', `volume ${handle} not found`);
    return m;
  }

  private reserve(handle: string | undefined, properties: Record<string, string> = {}): VolumeMeta {
    const h = handle ?? randomUUID();
    checkHandle(h);
    if (this.metas.has(h) || this.settingUp.has(h) || existsSync(this.dir(h))) throw new WorkerRuntimeError('already-exists', `volume ${h} already exists`);
    this.settingUp.add(h);
    return { handle: h, properties: { ...properties } };
  }

  private commit(meta: VolumeMeta): VolumeInfo {
    writeFileSync(join(this.dir(meta.handle), 'meta.json'), JSON.stringify(meta));
    this.metas.set(meta.handle, meta);
    this.settingUp.delete(meta.handle);
    return this.info(meta);
  }

  private info(m: VolumeMeta): VolumeInfo {
    return { handle: m.handle, path: join(this.dir(m.handle), 'data'), properties: { ...m.properties }, ...(m.parent ? { parent: m.parent } : {}) };
  }

  private dir(handle: string): string { return join(this.root, handle); }

  /** After a restart: overlays of children whose layers still exist are mounted again;
   *  children whose parent is gone are removed. */
  private async remount(): Promise<void> {
    const mounted = new Set(mountsUnder(this.root));
    for (const m of [...this.metas.values()]) {
      if (!m.lower) continue;
      const target = join(this.dir(m.handle), 'data');
      if (mounted.has(target)) continue;
      if (!m.parent || !this.metas.has(m.parent) || !m.lower.every((l) => existsSync(l))) {
        this.metas.delete(m.handle);
        await rm(this.dir(m.handle), { recursive: true, force: true });
        continue;
      }
      await this.mounter.mountOverlay({ lower: m.lower, upper: join(this.dir(m.handle), 'upper'), work: join(this.dir(m.handle), 'work') }, target);
    }
  }
}
