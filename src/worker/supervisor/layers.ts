// Reads a layered rootfs on the host, where no merged view is mounted: the user a
// container or an exec runs as comes from the image's /etc/passwd and /etc/group.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkerRuntimeError } from '../../ports/worker-runtime';
import { resolveUser, type ResolvedUser } from '../spec/users';

/** The file from the top-most layer that has it ('' when none has). Whiteouts are not
 *  interpreted: good enough for /etc/passwd and /etc/group. Asynchronous: a fan-out
 *  creates a hundred containers at once. */
export async function readFromLayers(layers: string[], file: string): Promise<string> {
  for (const layer of layers) {
    try { return await readFile(join(layer, file), 'utf8'); } catch { /* next layer */ }
  }
  return '';
}

/** `user` (a name, uid or uid:gid; root when absent) resolved against the layers' files. */
export async function userInLayers(layers: string[], user: string | undefined): Promise<ResolvedUser> {
  const [passwd, group] = await Promise.all([readFromLayers(layers, 'etc/passwd'), readFromLayers(layers, 'etc/group')]);
  const r = resolveUser(user, passwd, group);
  if (!r.ok) throw new WorkerRuntimeError('invalid-spec', r.error);
  return r.user;
}
