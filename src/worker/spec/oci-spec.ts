// Writes the OCI runtime spec (runc's config.json) for one container. Pure: the caller
// resolves users, paths and host facts first, so every choice here is unit-tested.
import {
  MASKED_PATHS, PRIVILEGED_CAPS, PRIVILEGED_DEVICE_RULES, READONLY_PATHS,
  UNPRIVILEGED_CAPS, UNPRIVILEGED_DEVICE_RULES, seccompProfile, type SeccompProfile,
} from './profiles';

/** Where the worker's init binary appears inside every container that uses it. */
export const INIT_PATH_IN_CONTAINER = '/.gantry/init';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface BindMount {
  source: string;          // host path
  destination: string;     // absolute path inside the container
  readOnly: boolean;
  /** Mount an overlay of these layers (top-most first) instead of binding `source`; the
   *  writes go to `upper`. Mounted inside the container, so the host table stays small. */
  overlay?: { lower: string[]; upper: string; work: string };
}

export interface OciSpecInput {
  handle: string;
  rootfsPath: string;
  /** Copy-on-write root: an overlay runc mounts at "/" inside the container's own mount
   *  namespace, over the (empty) rootfsPath. */
  rootfsOverlay?: { lower: string[]; upper: string; work: string };
  path: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  uid: number;
  gid: number;
  additionalGids?: number[];
  mounts: BindMount[];
  memoryBytes?: number;
  cpuShares?: number;
  pids?: number;
  privileged: boolean;
  hermetic: boolean;
  cgroupsPath: string;
  /** The host limits swap too (memory.memsw exists): then swap is capped at the same value. */
  swapLimit: boolean;
  /** Capabilities the worker itself holds (its bounding set); a container never gets more.
   *  Privileged means "all of these". Absent: the full list is assumed available. */
  hostCaps?: readonly string[];
  /** node's `process.arch` of the host, for the seccomp filter's architectures (default x64). */
  arch?: string;
  /** Host path of the init binary; when set it runs as pid 1 and forwards signals. */
  initHostPath?: string;
  /** Host files shared read-only for name resolution when the task uses the host network. */
  resolvFiles?: { resolvConf?: string; hosts?: string };
}

/** The subset of the OCI runtime spec Gantry writes (runtime-spec 1.0). */
export interface OciSpec {
  ociVersion: string;
  hostname: string;
  root: { path: string; readonly: boolean };
  process: {
    terminal: boolean;
    user: { uid: number; gid: number; additionalGids?: number[] };
    args: string[];
    env: string[];
    cwd: string;
    capabilities: Record<'bounding' | 'effective' | 'inheritable' | 'permitted' | 'ambient', string[]>;
    noNewPrivileges: boolean;
  };
  mounts: { destination: string; type: string; source: string; options: string[] }[];
  linux: {
    namespaces: { type: string }[];
    cgroupsPath: string;
    resources: {
      devices: readonly Record<string, unknown>[];
      memory?: { limit: number; swap?: number };
      cpu?: { shares: number };
      pids?: { limit: number };
    };
    maskedPaths: string[];
    readonlyPaths: string[];
    seccomp?: SeccompProfile;
  };
  annotations: Record<string, string>;
}

export function ociSpec(input: OciSpecInput): OciSpec {
  const wanted = input.privileged ? PRIVILEGED_CAPS : UNPRIVILEGED_CAPS;
  const caps = input.hostCaps ? wanted.filter((c) => input.hostCaps!.includes(c)) : [...wanted];
  return {
    ociVersion: '1.0.2',
    hostname: input.handle.slice(0, 63),
    root: { path: input.rootfsPath, readonly: false },
    process: {
      terminal: false,
      user: { uid: input.uid, gid: input.gid, ...(input.additionalGids?.length ? { additionalGids: input.additionalGids } : {}) },
      args: input.initHostPath ? [INIT_PATH_IN_CONTAINER, input.path, ...input.args] : [input.path, ...input.args],
      env: envList(input.env),
      cwd: input.cwd,
      // Ambient stays empty: a non-root user gets no capabilities, as in Concourse.
      capabilities: { bounding: caps, effective: caps, inheritable: caps, permitted: caps, ambient: [] },
      // Privileged tasks may need setuid helpers (sudo, mount); others never gain privileges.
      noNewPrivileges: !input.privileged,
    },
    mounts: [...rootOverlay(input), ...systemMounts(input.privileged), ...initMount(input), ...resolvMounts(input), ...volumeMounts(input.mounts)],
    linux: {
      namespaces: namespaces(input.hermetic),
      cgroupsPath: input.cgroupsPath,
      resources: resources(input),
      maskedPaths: input.privileged ? [] : [...MASKED_PATHS],
      readonlyPaths: input.privileged ? [] : [...READONLY_PATHS],
      ...(input.privileged ? {} : { seccomp: seccompProfile(input.arch ?? 'x64') }),
    },
    annotations: { 'gantry.handle': input.handle },
  };
}

function envList(env: Record<string, string>): string[] {
  const merged = { PATH: DEFAULT_PATH, ...env };
  return Object.entries(merged).map(([k, v]) => `${k}=${v}`);
}

/** Hermetic tasks get a network namespace of their own (runc brings up loopback only);
 *  the others share the worker's network (see docs/DESIGN.md, "Worker runtime"). */
function namespaces(hermetic: boolean): { type: string }[] {
  const ns = ['pid', 'ipc', 'uts', 'mount'];
  if (hermetic) ns.push('network');
  return ns.map((type) => ({ type }));
}

function rootOverlay(input: OciSpecInput): OciSpec['mounts'] {
  const o = input.rootfsOverlay;
  if (!o) return [];
  // First, so every later mount point is created in the container's own upper layer.
  return [{ destination: '/', type: 'overlay', source: 'overlay', options: overlayOptions(o) }];
}

function systemMounts(privileged: boolean): OciSpec['mounts'] {
  // /sys and the cgroup tree are writable only for privileged tasks (as Docker does).
  const sysRo = privileged ? [] : ['ro'];
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', ...sysRo] },
    { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', ...sysRo] },
  ];
}

function initMount(input: OciSpecInput): OciSpec['mounts'] {
  if (!input.initHostPath) return [];
  return [{ destination: INIT_PATH_IN_CONTAINER, type: 'bind', source: input.initHostPath, options: ['bind', 'ro', 'nosuid', 'nodev'] }];
}

function resolvMounts(input: OciSpecInput): OciSpec['mounts'] {
  if (input.hermetic || !input.resolvFiles) return [];
  const out: OciSpec['mounts'] = [];
  const { resolvConf, hosts } = input.resolvFiles;
  if (resolvConf) out.push({ destination: '/etc/resolv.conf', type: 'bind', source: resolvConf, options: ['bind', 'ro'] });
  if (hosts) out.push({ destination: '/etc/hosts', type: 'bind', source: hosts, options: ['bind', 'ro'] });
  return out;
}

function volumeMounts(mounts: BindMount[]): OciSpec['mounts'] {
  // Shorter destinations first, so /tmp/build/x is mounted before /tmp/build/x/sub.
  const sorted = [...mounts].sort((a, b) => a.destination.split('/').length - b.destination.split('/').length);
  return sorted.map((m) => m.overlay
    ? { destination: m.destination, type: 'overlay', source: 'overlay', options: overlayOptions(m.overlay) }
    : { destination: m.destination, type: 'bind', source: m.source, options: ['rbind', m.readOnly ? 'ro' : 'rw'] });
}

function overlayOptions(o: { lower: string[]; upper: string; work: string }): string[] {
  return [`lowerdir=${o.lower.join(':')}`, `upperdir=${o.upper}`, `workdir=${o.work}`];
}

function resources(input: OciSpecInput): OciSpec['linux']['resources'] {
  const r: OciSpec['linux']['resources'] = {
    devices: input.privileged ? PRIVILEGED_DEVICE_RULES : UNPRIVILEGED_DEVICE_RULES,
  };
  if (input.memoryBytes && input.memoryBytes > 0) {
    r.memory = { limit: input.memoryBytes, ...(input.swapLimit ? { swap: input.memoryBytes } : {}) };
  }
  if (input.cpuShares && input.cpuShares > 0) r.cpu = { shares: input.cpuShares };
  if (input.pids && input.pids > 0) r.pids = { limit: input.pids };
  return r;
}
