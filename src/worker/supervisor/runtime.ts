// The WorkerRuntime on an OCI runtime (runc by default, or crun): lays out each container's
// bundle under <workDir>/containers/<handle>/, starts it detached under the one reaper
// process, and removes every trace on destroy. On open, whatever a previous run left is
// removed first.
import { createHash, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync } from 'node:fs';
import { access, chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import {
  WorkerRuntimeError, type Container, type ContainerInfo, type ContainerMount, type ContainerSpec,
  type WorkerRuntime,
} from '../../ports/worker-runtime';
import { prepareCgroupsForCrun, prepareCpusetParent } from '../host/cgroup-layout';
import { command } from '../host/command';
import { probeHost, type HostFacts } from '../host/facts';
import { nativeBinaries, type NativeBinaries } from '../host/native';
import { ociSpec, type BindMount } from '../spec/oci-spec';
import type { ResolvedUser } from '../spec/users';
import { chownTree } from '../volumes/ownership';
import { VolumeStore } from '../volumes/store';
import { RuncContainer } from './container';
import { checkHandle } from './handles';
import { userInLayers } from './layers';
import { Reaper } from './reaper';
import { DeadCgroupReclaim, type ReclaimPolicy, type ReclaimRun } from './dead-cgroups';
import { LingeringMemoryCgroups, sweepLingering } from './lingering-memcgs';
import { chooseOciRuntime, type OciRuntimeName } from './oci-runtime';
import { deleteStopped, type RuntimeRoot } from './runc-state';
import { StartSlots } from './start-slots';
import { sweepContainers } from './sweep';

interface PreparedRootfs {
  path: string;
  overlay?: { lower: string[]; upper: string; work: string };
  /** Where to look for a file of the rootfs, top-most first (for /etc/passwd). */
  layers: string[];
}

export interface RuntimeOptions {
  workDir: string;
  /** How long SIGTERM may take before SIGKILL on destroy (default 10 s). */
  graceMs?: number;
  /** How many containers may be starting (`runc run`) at once; the rest queue (StartSlots).
   *  Default $GANTRY_MAX_STARTS, else twice the CPU count (at least 2). */
  maxStarts?: number;
  /** The niceness (0–19) runc and the containers run at, below the worker's and the web
   *  node's own 0: a burst of container starts on a shared host then no longer delays the
   *  API (bench row 5: p99 127–197 → 44–46 ms while runc started ~60 containers a second).
   *  Default $GANTRY_CONTAINER_NICE, else 10; 0 runs them at the worker's priority. */
  containerNice?: number;
  /** When the parent cgroup is reclaimed, once the worker has no container left, of pages
   *  that keep removed containers' memory cgroups alive in the kernel (dead-cgroups.ts);
   *  default DEFAULT_RECLAIM_POLICY. */
  reclaim?: ReclaimPolicy | 'off';
  /** Told of each such reclaim (the worker logs it). */
  onReclaim?: (run: ReclaimRun) => void;
  /** The cgroup the containers' cgroups are made in (default `gantry`); a test or a second
   *  worker setup may keep its own. */
  cgroupParent?: string;
  /** The OCI runtime binary: default $GANTRY_RUNTIME, else runc (oci-runtime.ts). */
  runtime?: OciRuntimeName;
}

export const DEFAULT_CONTAINER_NICE = 10;

function containerNice(opts: RuntimeOptions): number {
  const raw = opts.containerNice ?? process.env.GANTRY_CONTAINER_NICE;
  if (raw === undefined || raw === '') return DEFAULT_CONTAINER_NICE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 19) {
    throw new WorkerRuntimeError('invalid-spec', `the containers' niceness (GANTRY_CONTAINER_NICE) must be a whole number from 0 to 19, not "${raw}"`);
  }
  return n;
}

/** Names this worker's cgroups apart from another worker's on the same host. */
function cgroupPrefix(workDir: string): string {
  return createHash('sha256').update(workDir).digest('hex').slice(0, 8);
}

function cgroupParent(opts: RuntimeOptions): string {
  const name = opts.cgroupParent ?? 'gantry';
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    throw new WorkerRuntimeError('invalid-spec', `the containers' cgroup parent must be one plain name, not "${name}"`);
  }
  return name;
}

function defaultMaxStarts(): number {
  const fromEnv = Number(process.env.GANTRY_MAX_STARTS);
  return Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : Math.max(2, 2 * availableParallelism());
}

export class RuncRuntime implements WorkerRuntime {
  private readonly containers = new Map<string, RuncContainer>();
  /** The OCI runtime and where it records containers (<workDir>/runc, for either runtime). */
  private readonly at: RuntimeRoot;
  private readonly containersDir: string;
  /** Names this worker's cgroups apart from another worker's on the same host. */
  private readonly cgroupPrefix: string;
  private readonly cgroupParent: string;
  private readonly starts: StartSlots;
  /** Removals (cgroups, page cache, the container's dir) a few at a time, like starts: an
   *  abort of a 100-container build removed 100 at one instant, a burst of kernel work and
   *  callbacks that held the API for hundreds of milliseconds (bench row 5's churn). */
  private readonly removals: StartSlots;
  readonly deadCgroups: DeadCgroupReclaim;
  /** Removed containers' memory cgroups kept until their page cache can be reclaimed. */
  readonly lingering = new LingeringMemoryCgroups();
  /** Whether the runtime mounts a copy-on-write root from the spec (an overlay mount at
   *  "/"): runc does; crun 1.8 cannot, so the reaper mounts it for crun in a mount
   *  namespace of the start's own (gantry-reaper.c). */
  private get specMountsRoot(): boolean { return this.at.runtime === 'runc'; }
  /** The host's name-resolution files the containers get, looked up once at open. */
  private readonly resolvFiles = {
    ...(existsSync('/etc/resolv.conf') ? { resolvConf: '/etc/resolv.conf' } : {}),
    ...(existsSync('/etc/hosts') ? { hosts: '/etc/hosts' } : {}),
  };

  private constructor(
    private readonly opts: RuntimeOptions,
    private readonly facts: HostFacts,
    private readonly bins: NativeBinaries,
    private readonly reaper: Reaper,
    readonly volumes: VolumeStore,
  ) {
    this.at = { runtime: chooseOciRuntime(opts.runtime), root: join(opts.workDir, 'runc') };
    this.containersDir = join(opts.workDir, 'containers');
    this.cgroupPrefix = cgroupPrefix(opts.workDir);
    this.starts = new StartSlots(opts.maxStarts ?? defaultMaxStarts());
    this.removals = new StartSlots(Math.max(2, availableParallelism()));
    this.cgroupParent = cgroupParent(opts);
    this.deadCgroups = new DeadCgroupReclaim(this.cgroupParent, () => this.containers.size, opts.reclaim, opts.onReclaim);
    reaper.onLost = () => {
      process.stderr.write('gantry worker: the container supervisor died; running containers are lost\n');
      for (const c of this.containers.values()) c.supervisorLost();
    };
  }

  static async open(options: RuntimeOptions): Promise<RuncRuntime> {
    const opts = { ...options, workDir: resolve(options.workDir) }; // runc needs absolute paths
    const nice = containerNice(opts);
    cgroupParent(opts); // refused before anything starts
    const runtime = chooseOciRuntime(opts.runtime);
    await command(runtime, ['--version']).catch((e: Error) => {
      throw new WorkerRuntimeError('runtime-failed', `the OCI runtime ${runtime} cannot run (${e.message}); install it with \`apt-get install -y ${runtime}\``);
    });
    if (runtime === 'crun') {
      const moved = await prepareCgroupsForCrun();
      if (moved.length > 0) process.stderr.write(`gantry worker: mounted the ${moved.join(', ')} cgroup controller(s) as cgroup v1, which crun needs on this host\n`);
    }
    await prepareCpusetParent(cgroupParent(opts));
    for (const d of ['containers', 'volumes', 'runc']) mkdirSync(join(opts.workDir, d), { recursive: true });
    await sweepContainers({ runtime, root: join(opts.workDir, 'runc') }, join(opts.workDir, 'containers'));
    await sweepLingering(cgroupParent(opts), cgroupPrefix(opts.workDir));
    const bins = nativeBinaries();
    const facts = await probeHost(opts.workDir);
    const reaper = new Reaper(bins.reaper, nice);
    await reaper.ready;
    const volumes = await VolumeStore.open(join(opts.workDir, 'volumes'), facts.overlay, reaper);
    return new RuncRuntime(opts, facts, bins, reaper, volumes);
  }

  async create(spec: ContainerSpec): Promise<Container> {
    const handle = spec.handle ?? randomUUID();
    checkHandle(handle);
    if (this.containers.has(handle)) throw new WorkerRuntimeError('already-exists', `container ${handle} already exists`);
    const dir = join(this.containersDir, handle);
    // Every file operation here is asynchronous: an `across` creates a hundred containers at
    // one instant, and as synchronous calls their ~10 syscalls each held the event loop (and
    // the API) for a quarter of a second under load (bench row 5).
    await mkdir(dir);
    try {
      const rootfs = await this.prepareRootfs(dir, spec);
      const user = await userInLayers(rootfs.layers, spec.user);
      const cgroupsPath = `/${this.cgroupParent}/${this.cgroupPrefix}-${handle}`;
      const mounts = await Promise.all((spec.mounts ?? []).map((m, i) => this.bindMount(m, join(dir, 'mounts', String(i)))));
      if (user.uid !== 0) await this.giveMounts(spec.mounts ?? [], mounts, user);
      const oci = this.buildConfig(handle, rootfs, user, mounts, cgroupsPath, spec);
      const config = JSON.stringify(oci);
      const stdin = spec.stdin === undefined ? undefined : join(dir, 'stdin');
      await Promise.all([
        writeFile(join(dir, 'config.json'), config),
        // Created now, so a reader that attaches before start() can already watch them.
        writeFile(join(dir, 'stdout'), ''), writeFile(join(dir, 'stderr'), ''),
        ...(stdin ? [writeFile(stdin, spec.stdin!)] : []),
      ]);
      const files = {
        dir, cgroupsPath, layers: rootfs.layers, init: spec.init !== false, ...(stdin ? { stdin } : {}), env: oci.process.env,
        ...(rootfs.overlay && !this.specMountsRoot ? { rootOverlay: rootfs.overlay } : {}),
      };
      const c = new RuncContainer(handle, files, spec.properties ?? {},
        { reaper: this.reaper, at: this.at, facts: this.facts, starts: this.starts });
      this.containers.set(handle, c);
      return c;
    } catch (e) {
      await this.removeDir(dir);
      throw e;
    }
  }

  lookup(handle: string): Container | undefined {
    return this.containers.get(handle);
  }

  list(): ContainerInfo[] {
    return [...this.containers.values()].map((c) => c.info());
  }

  async destroy(handle: string, opts: { graceMs?: number } = {}): Promise<void> {
    const c = this.containers.get(handle);
    if (!c) throw new WorkerRuntimeError('not-found', `container ${handle} not found`);
    await c.stop(opts.graceMs ?? this.opts.graceMs ?? 10_000);
    await this.removals.run(async () => {
      await deleteStopped(this.at, handle, this.lingering); // also after a failed start: the runtime may have left state
      c.abandon();
      await this.removeDir(c.dir);
    });
    this.containers.delete(handle);
    this.deadCgroups.removedOne();
  }

  async close(): Promise<void> {
    await this.deadCgroups.close(await this.lingering.flush());
    await this.reaper.close();
  }

  /** The container's root: with overlayfs, an empty dir that runc covers with an overlay
   *  mounted inside the container's own mount namespace (spec mount at "/"; for crun the
   *  reaper mounts it, see specMountsRoot), so the host's mount table does not grow with
   *  live containers (a new mount namespace copies it all, which made every start slower
   *  as containers accumulated). Otherwise a `cp -a`. */
  private async prepareRootfs(dir: string, spec: ContainerSpec): Promise<PreparedRootfs> {
    const lower = 'volume' in spec.rootfs ? this.volumes.layers(spec.rootfs.volume) : [spec.rootfs.path];
    const present = await Promise.all(lower.map((l) => isAbsolute(l) && access(l).then(() => true, () => false)));
    if (!present.every(Boolean)) {
      throw new WorkerRuntimeError('invalid-spec', `rootfs ${JSON.stringify(spec.rootfs)} does not exist on this worker`);
    }
    const path = join(dir, 'rootfs');
    if (this.facts.overlay) {
      const overlay = { lower, upper: join(dir, 'upper'), work: join(dir, 'work') };
      await Promise.all([path, overlay.upper, overlay.work].map((d) => mkdir(d)));
      return { path, overlay, layers: [overlay.upper, ...lower] };
    }
    await mkdir(path);
    const source = 'volume' in spec.rootfs ? this.volumes.lookup(spec.rootfs.volume)!.path : spec.rootfs.path;
    await command('cp', ['-a', `${source}/.`, path]);
    return { path, layers: [path] };
  }

  /** A non-root task owns what it may write (Concourse does the same): each writable
   *  volume's tree is chowned to the user before start. A copy-on-write child copies up
   *  what it chowns, so the parent (a cached get) keeps its owners. An in-container
   *  overlay (`copyOnWrite`) gets an upper dir owned by the user, which makes the mount
   *  point theirs; the files below it keep the parent's owners there. */
  private async giveMounts(mounts: ContainerMount[], binds: BindMount[], user: ResolvedUser): Promise<void> {
    const owner = { uid: user.uid, gid: user.gid };
    for (const [i, m] of mounts.entries()) {
      if (m.readOnly) continue;
      const upper = binds[i]!.overlay?.upper;
      if (upper) await chown(upper, owner.uid, owner.gid);
      else await chownTree(binds[i]!.source, owner);
    }
  }

  private buildConfig(
    handle: string, rootfs: PreparedRootfs, user: ResolvedUser, mounts: BindMount[], cgroupsPath: string, spec: ContainerSpec,
  ) {
    const dir = spec.dir ?? '/';
    if (!isAbsolute(dir)) throw new WorkerRuntimeError('invalid-spec', `dir "${dir}" must be an absolute path`);
    return ociSpec({
      handle, rootfsPath: rootfs.path, ...(rootfs.overlay && this.specMountsRoot ? { rootfsOverlay: rootfs.overlay } : {}),
      path: spec.path, args: spec.args ?? [],
      env: { HOME: user.home, ...spec.env }, cwd: dir,
      uid: user.uid, gid: user.gid, additionalGids: user.additionalGids,
      mounts,
      ...spec.limits,
      privileged: spec.privileged ?? false, hermetic: spec.hermetic ?? false,
      cgroupsPath, swapLimit: this.facts.swapLimit, hostCaps: this.facts.hostCaps,
      ...(spec.init === false ? {} : { initHostPath: this.bins.init }), arch: process.arch,
      resolvFiles: this.resolvFiles,
    });
  }

  private async bindMount(m: ContainerMount, scratch: string): Promise<BindMount> {
    const v = this.volumes.lookup(m.volume);
    if (!v) throw new WorkerRuntimeError('not-found', `volume ${m.volume} not found`);
    if (!isAbsolute(m.destination)) throw new WorkerRuntimeError('invalid-spec', `mount destination "${m.destination}" must be absolute`);
    const bind: BindMount = { source: v.path, destination: m.destination, readOnly: m.readOnly ?? false };
    if (!m.copyOnWrite || !this.facts.overlay) return bind; // without overlayfs: a plain bind
    const overlay = { lower: this.volumes.layers(m.volume), upper: join(scratch, 'upper'), work: join(scratch, 'work') };
    await Promise.all([overlay.upper, overlay.work].map((d) => mkdir(d, { recursive: true })));
    return { ...bind, overlay };
  }

  /** A container has no host mounts (its rootfs overlay lived in its own mount namespace,
   *  gone with it), so removal is just the dir. */
  private async removeDir(dir: string): Promise<void> {
    await rm(dir, { recursive: true, force: true });
  }
}
