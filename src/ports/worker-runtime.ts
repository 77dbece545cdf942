// The worker runtime port: containers and volumes on one worker, as the engine and
// `gantry worker` drive them. Interfaces and plain data only; the runc adapter lives
// in src/worker. Byte streams are AsyncIterable<Uint8Array> so they cross HTTP as-is.

/** Why a runtime operation failed; stable, so callers branch on it instead of messages. */
export type WorkerErrorCode =
  | 'not-found'        // no container or volume with that handle
  | 'already-exists'   // a handle was reused
  | 'invalid-spec'     // the spec cannot be run (bad path, unknown user, ...)
  | 'invalid-state'    // e.g. start of a started container, destroy of a parent volume
  | 'unsafe-archive'   // a tar entry escapes the volume (absolute, `..`, escaping link)
  | 'runtime-failed';  // runc, mount or the supervisor failed; see cause

export class WorkerRuntimeError extends Error {
  constructor(readonly code: WorkerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkerRuntimeError';
  }
}

/** A volume mounted into a container. */
export interface ContainerMount {
  volume: string;          // volume handle
  destination: string;     // absolute path inside the container
  readOnly?: boolean;
  /** The task sees the volume's content but its writes land in the container's own layer
   *  and vanish with it: a copy of a cached input without a copy-on-write volume. */
  copyOnWrite?: boolean;
}

/** The root filesystem: a directory on the worker (e.g. an unpacked image) or a volume.
 *  Either way the container writes into its own copy-on-write layer, never the source. */
export type RootfsSource = { path: string } | { volume: string };

export interface ContainerLimits {
  memoryBytes?: number;    // cgroup memory limit; exceeding it OOM-kills
  cpuShares?: number;      // relative CPU weight (cgroup cpu.shares)
  pids?: number;           // maximum number of processes
}

export interface ContainerSpec {
  handle?: string;         // chosen by the runtime when absent
  rootfs: RootfsSource;
  path: string;            // program to run, resolved through PATH inside the container
  args?: string[];
  env?: Record<string, string>;
  dir?: string;            // working directory inside the container (default "/")
  user?: string;           // name from the rootfs' /etc/passwd, "uid" or "uid:gid" (default root)
  mounts?: ContainerMount[];
  limits?: ContainerLimits;
  privileged?: boolean;    // all capabilities, no masked paths; default is the reduced profile
  hermetic?: boolean;      // own network namespace with loopback only
  stdin?: Uint8Array | string; // bytes the main process reads on stdin (then EOF)
  /** Run Gantry's init as pid 1 (default true): it forwards SIGTERM and reaps orphans. Without
   *  it the task is pid 1 and ignores SIGTERM unless it handles it; saves a process each. */
  init?: boolean;
  properties?: Record<string, string>; // caller's labels, returned by list()
}

export interface ExitStatus {
  exitCode: number;        // 128 + signal number when killed by a signal, as shells report it
  signal?: string;         // e.g. "SIGKILL" when the process died of a signal
  oomKilled?: boolean;     // the container's memory cgroup killed a process
}

export type ContainerState = 'created' | 'running' | 'exited';

export interface ContainerInfo {
  handle: string;
  state: ContainerState;
  properties: Record<string, string>;
  exit?: ExitStatus;
}

/** A process run inside a running container (intercept/hijack, resource scripts). */
export interface ProcessSpec {
  path: string;
  args?: string[];
  env?: Record<string, string>;
  dir?: string;
  user?: string;
  tty?: boolean;           // allocate a terminal (output then arrives on stdout only)
}

export interface RunningProcess {
  stdin: { write(chunk: Uint8Array | string): void; end(): void };
  stdout: AsyncIterable<Uint8Array>;
  stderr: AsyncIterable<Uint8Array>;
  signal(name: string): void;
  wait(): Promise<ExitStatus>;
}

export interface Container {
  readonly handle: string;
  start(): Promise<void>;
  /** Output from the first byte; ends once the process has exited and all bytes are read. */
  stdout(): AsyncIterable<Uint8Array>;
  stderr(): AsyncIterable<Uint8Array>;
  wait(): Promise<ExitStatus>;
  /** Delivers a signal to the main process (its process group). */
  signal(name: string): Promise<void>;
  exec(spec: ProcessSpec): Promise<RunningProcess>;
  info(): ContainerInfo;
}

export interface VolumeInfo {
  handle: string;
  path: string;            // where the content lives on the worker
  parent?: string;         // set for copy-on-write children
  properties: Record<string, string>;
}

export interface Volumes {
  create(opts?: { handle?: string; properties?: Record<string, string> }): Promise<VolumeInfo>;
  /** A copy-on-write child: starts with the parent's content; writes never reach the parent.
   *  The parent must not change while it has children. */
  createChild(parent: string, opts?: { handle?: string; properties?: Record<string, string> }): Promise<VolumeInfo>;
  lookup(handle: string): VolumeInfo | undefined;
  list(): VolumeInfo[];
  /** Extracts a tar stream under `subPath` of the volume; rejects entries that escape it. */
  streamIn(handle: string, subPath: string, tar: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void>;
  /** A tar stream of `subPath` (a file or a directory) of the volume. */
  streamOut(handle: string, subPath: string): AsyncIterable<Uint8Array>;
  destroy(handle: string): Promise<void>;
}

export interface WorkerRuntime {
  readonly volumes: Volumes;
  create(spec: ContainerSpec): Promise<Container>;
  lookup(handle: string): Container | undefined;
  list(): ContainerInfo[];
  /** Stops the container (SIGTERM, SIGKILL after the grace period) and removes every trace. */
  destroy(handle: string, opts?: { graceMs?: number }): Promise<void>;
  /** Stops supervising; running containers are removed on the next start. */
  close(): Promise<void>;
}
