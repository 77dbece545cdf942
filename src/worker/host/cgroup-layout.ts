// Where this host's cgroup hierarchies are mounted, read from /proc/self/mountinfo: the
// directories one container's cgroups path names (to remove them without asking the OCI
// runtime), and what crun needs mounted on a v1 or hybrid host before it starts anything.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkerRuntimeError } from '../../ports/worker-runtime';
import { command } from './command';

export interface CgroupMount {
  mountPoint: string;
  v2: boolean;
  /** v1: the controllers (and `name=` hierarchies) bound there; v2: none listed here. */
  controllers: string[];
}

/** The cgroup hierarchies in a mountinfo text, each once (a hierarchy mounted twice keeps
 *  its first mount point). Pure, for tests. */
export function parseCgroupMounts(mountinfo: string): CgroupMount[] {
  const seen = new Set<string>();
  const out: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    // "<id> <parent> <maj:min> <root> <mount point> <options> [optional...] - <fstype> <source> <super options>"
    const [pre, post] = line.split(' - ');
    if (!pre || !post) continue;
    const [fstype, , superOptions = ''] = post.split(' ');
    if (fstype !== 'cgroup' && fstype !== 'cgroup2') continue;
    const mountPoint = unescapeMountinfo(pre.split(' ')[4] ?? '');
    const v2 = fstype === 'cgroup2';
    const controllers = v2 ? [] : superOptions.split(',').filter(isController);
    const key = v2 ? 'cgroup2' : [...controllers].sort().join(',');
    if (!mountPoint || seen.has(key)) continue;
    seen.add(key);
    out.push({ mountPoint, v2, controllers });
  }
  return out;
}

/** Mount options of a v1 cgroup mount that are not controllers. */
const KNOWN_V1_OPTIONS = new Set(['rw', 'ro', 'relatime', 'noatime', 'nosuid', 'nodev', 'noexec', 'clone_children', 'xattr', 'noprefix', 'cpuset_v2_mode']);

/** A controller, or a named hierarchy (`name=systemd`), as /proc/self/cgroup lists them;
 *  not an option such as `release_agent=...`. */
function isController(option: string): boolean {
  return !KNOWN_V1_OPTIONS.has(option) && (!option.includes('=') || option.startsWith('name='));
}

function unescapeMountinfo(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

let cached: CgroupMount[] | undefined;

/** This host's hierarchies, read once per process (they do not move while a worker runs,
 *  except by prepareCgroupsForCrun, which forgets this). */
export async function hostCgroupMounts(): Promise<CgroupMount[]> {
  cached ??= parseCgroupMounts(await readFile('/proc/self/mountinfo', 'utf8'));
  return cached;
}

/** Every directory a cgroups path such as `/gantry/abc` has on these hierarchies. */
export function cgroupDirs(mounts: CgroupMount[], cgroupsPath: string): string[] {
  return mounts.map((m) => join(m.mountPoint, cgroupsPath));
}

/** The directory holding the path's memory accounting: v1's memory hierarchy, else v2's. */
export function memoryCgroupDir(mounts: CgroupMount[], cgroupsPath: string): { dir: string; v2: boolean } | undefined {
  const v1 = mounts.find((m) => !m.v2 && m.controllers.includes('memory'));
  if (v1) return { dir: join(v1.mountPoint, cgroupsPath), v2: false };
  const v2 = mounts.find((m) => m.v2);
  return v2 ? { dir: join(v2.mountPoint, cgroupsPath), v2: true } : undefined;
}

/** Readies a host with cgroup v1 hierarchies for crun, which looks for every controller of
 *  the kernel's hierarchies under the v1 mounts' directory:
 *  - a hybrid host (v1 hierarchies beside a v2 one) whose v2 hierarchy still has a controller
 *    bound: crun refuses it ("cgroups in hybrid mode not supported"). systemd's hybrid layout
 *    binds none there, but a host that never mounted, say, hugetlb as v1 leaves it on v2;
 *  - a v1 hierarchy that nothing mounts any more (unmounted by hand): crun would make plain
 *    directories for it on the tmpfs beneath.
 *  Each such controller is mounted as its own v1 hierarchy, where systemd would have placed
 *  it. The kernel binds a controller to one hierarchy for the whole host, so this changes the
 *  host for every runtime (runc handles both layouts). Pure v2 needs nothing. Returns what it
 *  mounted; throws, naming the controller, when a mount fails. */
export async function prepareCgroupsForCrun(): Promise<string[]> {
  const mounts = await hostCgroupMounts();
  const v2 = mounts.find((m) => m.v2);
  const v1 = mounts.filter((m) => !m.v2);
  if (v1.length === 0) return [];
  const onV2 = v2 ? (await readFile(join(v2.mountPoint, 'cgroup.controllers'), 'utf8')).trim().split(/\s+/).filter(Boolean) : [];
  const missing = [...onV2, ...unmountedV1Hierarchies(await readFile('/proc/self/cgroup', 'utf8'), v1)];
  const base = commonParent(v1.map((m) => m.mountPoint));
  for (const controllers of missing) {
    const target = join(base, controllers);
    try {
      await mkdir(target, { recursive: true });
      await command('mount', ['-t', 'cgroup', '-o', controllers, 'cgroup', target]);
    } catch (e) {
      throw new WorkerRuntimeError('runtime-failed',
        `crun cannot run on this host: its cgroups are v1${v2 ? ` beside a v2 hierarchy at ${v2.mountPoint}` : ''} and the ` +
        `${controllers} controller is not mounted as v1; mounting it at ${target} failed (${(e as Error).message}). ` +
        'Use runc (GANTRY_RUNTIME=runc), or boot the host with all controllers on one cgroup version.', { cause: e });
    }
  }
  if (missing.length > 0) cached = undefined;
  return missing;
}

/** The v1 hierarchies /proc/self/cgroup lists ("10:hugetlb:/") that no mount serves, each as
 *  its comma-joined controllers. Pure, for tests. */
export function unmountedV1Hierarchies(procSelfCgroup: string, v1Mounts: CgroupMount[]): string[] {
  const mounted = new Set(v1Mounts.map((m) => [...m.controllers].sort().join(',')));
  const out: string[] = [];
  for (const line of procSelfCgroup.split('\n')) {
    const [id, controllers] = line.split(':');
    if (!id || id === '0' || !controllers) continue;
    const key = controllers.split(',').sort().join(',');
    if (!mounted.has(key)) out.push(controllers);
  }
  return out;
}

function commonParent(paths: string[]): string {
  const parents = paths.map((p) => p.slice(0, p.lastIndexOf('/')) || '/');
  return parents.every((p) => p === parents[0]) ? parents[0]! : '/sys/fs/cgroup';
}

/** v1's cpuset hierarchy, if mounted. */
export function cpusetMount(mounts: CgroupMount[]): CgroupMount | undefined {
  return mounts.find((m) => !m.v2 && m.controllers.includes('cpuset'));
}

/** On cgroup v1, makes the containers' parent cpuset hand its CPUs and memory nodes to each
 *  new child itself (`cgroup.clone_children`). A new v1 cpuset starts empty, and runc and
 *  crun then copy the parent's values into it; each such write has the kernel check the
 *  change against every sibling and rebuild the scheduler domains over every cpuset on the
 *  host: work that grows with the live containers, done under the lock every cgroup
 *  operation takes (bench/README, row 5). With the values already there, they write nothing. */
export async function prepareCpusetParent(parent: string): Promise<void> {
  const root = cpusetMount(await hostCgroupMounts());
  if (!root) return;
  const dir = join(root.mountPoint, parent);
  await mkdir(dir, { recursive: true });
  for (const file of ['cpuset.cpus', 'cpuset.mems']) {
    if ((await readFile(join(dir, file), 'utf8')).trim() === '') {
      await writeFile(join(dir, file), await readFile(join(root.mountPoint, file), 'utf8'));
    }
  }
  await writeFile(join(dir, 'cgroup.clone_children'), '1');
}
