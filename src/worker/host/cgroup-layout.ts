// Where this host's cgroup hierarchies are mounted, read from /proc/self/mountinfo: the
// directories one container's cgroups path names (to remove them without asking the OCI
// runtime), and the one change crun needs on a hybrid host before it starts anything.
import { mkdir, readFile } from 'node:fs/promises';
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
    const controllers = v2 ? [] : superOptions.split(',').filter((o) => KNOWN_V1_OPTIONS.has(o) === false);
    const key = v2 ? 'cgroup2' : [...controllers].sort().join(',');
    if (!mountPoint || seen.has(key)) continue;
    seen.add(key);
    out.push({ mountPoint, v2, controllers });
  }
  return out;
}

/** Mount options of a v1 cgroup mount that are not controllers. */
const KNOWN_V1_OPTIONS = new Set(['rw', 'ro', 'relatime', 'noatime', 'nosuid', 'nodev', 'noexec', 'clone_children', 'xattr', 'noprefix', 'cpuset_v2_mode']);

function unescapeMountinfo(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

let cached: CgroupMount[] | undefined;

/** This host's hierarchies, read once per process (they do not move while a worker runs,
 *  except by moveHybridControllersToV1, which forgets this). */
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

/** A hybrid host: v1 hierarchies beside a v2 one. crun refuses to run on one whose v2
 *  hierarchy still has a controller bound ("cgroups in hybrid mode not supported"); systemd's
 *  hybrid layout binds none there, but a host that never mounted, say, hugetlb as v1 leaves it
 *  on v2. Such a controller is moved the way systemd would have placed it: mounted as its
 *  own v1 hierarchy under the v1 mounts' directory. The kernel binds a controller to one
 *  hierarchy for the whole host, so this changes the host for every runtime (runc handles
 *  both layouts). Returns what it moved; throws when a controller cannot be moved. */
export async function moveHybridControllersToV1(): Promise<string[]> {
  const mounts = await hostCgroupMounts();
  const v2 = mounts.find((m) => m.v2);
  const v1 = mounts.filter((m) => !m.v2);
  if (!v2 || v1.length === 0) return []; // pure v1 or pure v2: nothing to move
  const bound = (await readFile(join(v2.mountPoint, 'cgroup.controllers'), 'utf8')).trim().split(/\s+/).filter(Boolean);
  const base = commonParent(v1.map((m) => m.mountPoint));
  for (const controller of bound) {
    const target = join(base, controller);
    try {
      await mkdir(target, { recursive: true });
      await command('mount', ['-t', 'cgroup', '-o', controller, 'cgroup', target]);
    } catch (e) {
      throw new WorkerRuntimeError('runtime-failed',
        `crun cannot run on this host: its cgroups are hybrid (v1 and v2) and the ${controller} controller is bound to ` +
        `cgroup v2 at ${v2.mountPoint}; moving it to cgroup v1 at ${target} failed (${(e as Error).message}). ` +
        `Use runc (GANTRY_RUNTIME=runc), or boot the host with all controllers on one cgroup version.`, { cause: e });
    }
  }
  if (bound.length > 0) cached = undefined;
  return bound;
}

function commonParent(paths: string[]): string {
  const parents = paths.map((p) => p.slice(0, p.lastIndexOf('/')) || '/');
  return parents.every((p) => p === parents[0]) ? parents[0]! : '/sys/fs/cgroup';
}
