// Hands a volume's tree to the task's user, as Concourse does for a task that runs as a
// non-root user: every entry of a writable input, output or cache becomes theirs, so the
// task can write its outputs, fill its caches and change its copy-on-write inputs.
import { lstat, lchown, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface Owner { uid: number; gid: number }

/** Chowns `root` and everything below it to `owner`, never following a symlink (a link in
 *  a volume may name any host path; lchown changes the link itself). Entries that already
 *  belong to `owner` are left alone: a warm cache costs one lstat per entry, and a
 *  copy-on-write child copies up only what was not already the user's. Returns how many
 *  entries changed. */
export async function chownTree(root: string, owner: Owner): Promise<number> {
  let changed = 0;
  const visit = async (path: string): Promise<void> => {
    const st = await lstat(path);
    if (st.uid !== owner.uid || st.gid !== owner.gid) {
      await lchown(path, owner.uid, owner.gid);
      changed++;
    }
    if (!st.isDirectory()) return;
    const names = await readdir(path);
    // A few at a time: enough to overlap the syscalls, bounded for huge directories.
    for (let i = 0; i < names.length; i += 16) {
      await Promise.all(names.slice(i, i + 16).map((n) => visit(join(path, n))));
    }
  };
  await visit(root);
  return changed;
}
