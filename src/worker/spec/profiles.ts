// Security profiles for containers, following the facts of Concourse's worker runtime:
// the unprivileged capability set, the full set for privileged, and the /proc and /sys
// paths an unprivileged task must not read or write. Data only.

/** Capabilities of an unprivileged task (Concourse's reduced set, 14 caps). */
export const UNPRIVILEGED_CAPS: readonly string[] = [
  'CAP_AUDIT_WRITE', 'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL',
  'CAP_MKNOD', 'CAP_NET_BIND_SERVICE', 'CAP_NET_RAW', 'CAP_SETFCAP', 'CAP_SETGID', 'CAP_SETPCAP',
  'CAP_SETUID', 'CAP_SYS_CHROOT',
];

/** Every capability runc 1.1 knows on this kernel generation (privileged tasks). */
export const PRIVILEGED_CAPS: readonly string[] = [
  'CAP_AUDIT_CONTROL', 'CAP_AUDIT_READ', 'CAP_AUDIT_WRITE', 'CAP_BLOCK_SUSPEND', 'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE', 'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER',
  'CAP_FSETID', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_KILL', 'CAP_LEASE', 'CAP_LINUX_IMMUTABLE',
  'CAP_MAC_ADMIN', 'CAP_MAC_OVERRIDE', 'CAP_MKNOD', 'CAP_NET_ADMIN', 'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST', 'CAP_NET_RAW', 'CAP_PERFMON', 'CAP_SETFCAP', 'CAP_SETGID', 'CAP_SETPCAP',
  'CAP_SETUID', 'CAP_SYSLOG', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_CHROOT', 'CAP_SYS_MODULE',
  'CAP_SYS_NICE', 'CAP_SYS_PACCT', 'CAP_SYS_PTRACE', 'CAP_SYS_RAWIO', 'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_WAKE_ALARM',
];

/** Kernel files hidden from unprivileged tasks (they leak host state or allow attacks). */
export const MASKED_PATHS: readonly string[] = [
  '/proc/acpi', '/proc/asound', '/proc/kcore', '/proc/keys', '/proc/latency_stats',
  '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware',
];

/** Kernel files an unprivileged task may read but never write. */
export const READONLY_PATHS: readonly string[] = [
  '/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger',
];

/** Device cgroup rules: deny everything, then allow what any task needs (runc adds the
 *  standard null/zero/full/random/urandom/tty/pts rules itself) plus fuse and tun. */
export const UNPRIVILEGED_DEVICE_RULES = [
  { allow: false, access: 'rwm' },
  { allow: true, type: 'c', major: 10, minor: 229, access: 'rwm' }, // /dev/fuse
  { allow: true, type: 'c', major: 10, minor: 200, access: 'rwm' }, // /dev/net/tun
] as const;

export const PRIVILEGED_DEVICE_RULES = [{ allow: true, access: 'rwm' }] as const;

/** Capability names by bit number (linux/capability.h), to read a CapBnd mask. */
export const CAP_BY_BIT: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL',
  'CAP_SETGID', 'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT',
  'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE',
  'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG',
  'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** The capability names set in a hex mask such as /proc/self/status's CapBnd. */
export function capsFromMask(hex: string): string[] {
  const mask = BigInt(`0x${hex.trim()}`);
  return CAP_BY_BIT.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

/** Syscalls an unprivileged task may not make. A deny-list (allow by default) rather than
 *  Docker's long allow-list that Concourse copies: most dangerous calls already need a
 *  capability the task lacks; these are the ones that do not (keyrings, bpf, perf,
 *  userfaultfd, new user namespaces) plus the capability-gated ones as a second wall. */
export const DENIED_SYSCALLS: readonly string[] = [
  'acct', 'add_key', 'bpf', 'clock_adjtime', 'clock_settime', 'delete_module', 'finit_module',
  'init_module', 'ioperm', 'iopl', 'kexec_file_load', 'kexec_load', 'keyctl', 'lookup_dcookie',
  'mount', 'nfsservctl', 'open_by_handle_at', 'perf_event_open', 'pivot_root', 'quotactl',
  'reboot', 'request_key', 'setns', 'settimeofday', 'swapoff', 'swapon', 'umount2', 'unshare',
  'userfaultfd',
];

const CLONE_NEWUSER = 0x10000000;
const EPERM = 1;
const ENOSYS = 38;

const ARCHES: Record<string, string[]> = {
  x64: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
  arm64: ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM'],
};

export interface SeccompProfile {
  defaultAction: string;
  architectures: string[];
  syscalls: { names: string[]; action: string; errnoRet: number; args?: { index: number; value: number; valueTwo: number; op: string }[] }[];
}

/** The seccomp filter for unprivileged tasks on a host of node's `process.arch` name. */
export function seccompProfile(arch: string): SeccompProfile {
  return {
    defaultAction: 'SCMP_ACT_ALLOW',
    architectures: ARCHES[arch] ?? [],
    syscalls: [
      { names: [...DENIED_SYSCALLS], action: 'SCMP_ACT_ERRNO', errnoRet: EPERM },
      // clone(2) may make threads and processes, never a user namespace.
      { names: ['clone'], action: 'SCMP_ACT_ERRNO', errnoRet: EPERM,
        args: [{ index: 0, value: CLONE_NEWUSER, valueTwo: CLONE_NEWUSER, op: 'SCMP_CMP_MASKED_EQ' }] },
      // clone3 passes its flags in memory a filter cannot read: make libc fall back to clone.
      { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS },
    ],
  };
}
