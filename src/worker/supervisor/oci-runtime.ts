// Which OCI runtime starts the containers: runc (the reference, Go) or crun (C; ~2.6× less
// CPU per container on the bench host, see bench/README). Both take the same command line
// for everything the worker asks (run -d, exec, delete -f, --root, --log); they differ in
// where they record a container, which the worker reads to remove a stopped container or a
// previous run's leftover without starting the runtime once more.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkerRuntimeError } from '../../ports/worker-runtime';
import { cgroupDirs, hostCgroupMounts, memoryCgroupDir } from '../host/cgroup-layout';

export type OciRuntimeName = 'runc' | 'crun';
export const OCI_RUNTIMES: readonly OciRuntimeName[] = ['runc', 'crun'];

/** The option, else $GANTRY_RUNTIME, else runc. */
export function chooseOciRuntime(raw: string | undefined = process.env.GANTRY_RUNTIME): OciRuntimeName {
  if (raw === undefined || raw === '') return 'runc';
  if ((OCI_RUNTIMES as readonly string[]).includes(raw)) return raw as OciRuntimeName;
  throw new WorkerRuntimeError('invalid-spec', `the OCI runtime (GANTRY_RUNTIME) must be one of ${OCI_RUNTIMES.join(', ')}, not "${raw}"`);
}

/** What the runtime recorded of one container. */
export interface RecordedContainer {
  /** The init's pid, and its start time in clock ticks (field 22 of /proc/PID/stat) to tell
   *  it from a later process that got the same pid; 0 when there is none. */
  pid: number;
  startTime: number;
  /** Every cgroup directory the container has. */
  cgroupDirs: string[];
  /** The one with its memory accounting, and whether that is cgroup v2. */
  memory?: { dir: string; v2: boolean };
}

/** Reads the record under `<root>/<id>`: runc's state.json (cgroup directories by
 *  controller), crun's status (one cgroups path, laid over this host's hierarchies). Throws
 *  ENOENT when the runtime never recorded the container. */
export async function readRecord(runtime: OciRuntimeName, root: string, id: string): Promise<RecordedContainer> {
  if (runtime === 'runc') {
    const state = JSON.parse(await readFile(join(root, id, 'state.json'), 'utf8')) as
      { init_process_pid?: number; init_process_start?: number; cgroup_paths?: Record<string, string> };
    const byController = state.cgroup_paths ?? {};
    // v1: the memory controller's own dir; v2: the one unified dir (key "").
    const memory = byController.memory ? { dir: byController.memory, v2: false }
      : byController[''] ? { dir: byController['']!, v2: true } : undefined;
    return {
      pid: state.init_process_pid ?? 0, startTime: state.init_process_start ?? 0,
      cgroupDirs: [...new Set(Object.values(byController))], ...(memory ? { memory } : {}),
    };
  }
  const status = JSON.parse(await readFile(join(root, id, 'status'), 'utf8')) as
    { pid?: number; 'process-start-time'?: number; 'cgroup-path'?: string };
  const path = status['cgroup-path'] ?? '';
  const mounts = await hostCgroupMounts();
  const memory = path ? memoryCgroupDir(mounts, path) : undefined;
  return {
    pid: status.pid ?? 0, startTime: status['process-start-time'] ?? 0,
    cgroupDirs: path ? cgroupDirs(mounts, path) : [], ...(memory ? { memory } : {}),
  };
}
