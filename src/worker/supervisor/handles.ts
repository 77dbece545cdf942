// Handles name directories, runc containers and cgroups, so only a safe alphabet is allowed.
import { WorkerRuntimeError } from '../../ports/worker-runtime';

const HANDLE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function checkHandle(handle: string): void {
  if (!HANDLE.test(handle)) {
    throw new WorkerRuntimeError('invalid-spec', `invalid handle "${handle}": use letters, digits, '.', '_' and '-' (at most 128)`);
  }
}
