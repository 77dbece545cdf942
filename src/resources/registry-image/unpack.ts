// Image layers onto a rootfs, in order, as the OCI image spec says: a `.wh.NAME` entry
// deletes NAME from the layers below, `.wh..wh..opq` empties its directory of what the
// layers below put there; both apply before the layer's own entries, which they never
// touch. Entries that escape the rootfs (absolute, `..`, through a symlink) are refused;
// device nodes are skipped, as in an unprivileged container they cannot be made anyway.
import { lchownSync, lstatSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, posix } from 'node:path';
import * as tar from 'tar';
import { entryViolation } from '../../worker';
import { BuiltinFailure } from '../builtin/types';

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

function clean(path: string): string {
  return posix.normalize(path).split('/').filter((s) => s && s !== '.').join('/');
}

/** The whiteout entries of a layer, as paths relative to the rootfs. */
async function listWhiteouts(file: string, gzip: boolean): Promise<string[]> {
  const found: string[] = [];
  await tar.t({ file, gzip, onReadEntry: (e) => { if (posix.basename(e.path).startsWith(WHITEOUT)) found.push(clean(e.path)); } } as tar.TarOptionsWithAliasesFile);
  return found;
}

/** `rel` under `root` without following a symlink on the way; undefined when absent. */
function hostPath(root: string, rel: string): string | undefined {
  const parts = rel.split('/');
  let at = root;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '..') throw new BuiltinFailure(`refusing layer: whiteout "${rel}" contains ".."`);
    at = join(at, parts[i]!);
    let st;
    try { st = lstatSync(at); } catch { return undefined; }
    if (i < parts.length - 1 && st.isSymbolicLink()) {
      throw new BuiltinFailure(`refusing layer: whiteout "${rel}" goes through the symlink "${parts.slice(0, i + 1).join('/')}"`);
    }
  }
  return at;
}

function applyWhiteout(root: string, rel: string): void {
  const dir = posix.dirname(rel) === '.' ? '' : posix.dirname(rel);
  const base = posix.basename(rel);
  if (base === OPAQUE) {
    const d = dir === '' ? root : hostPath(root, dir);
    if (!d || !lstatSync(d).isDirectory()) return;
    for (const child of readdirSync(d)) rmSync(join(d, child), { recursive: true, force: true });
    return;
  }
  const target = hostPath(root, dir === '' ? base.slice(WHITEOUT.length) : `${dir}/${base.slice(WHITEOUT.length)}`);
  if (target) rmSync(target, { recursive: true, force: true });
}

/** What an upper entry hides, as overlayfs shows it: a lower file where this layer has a
 *  directory on the entry's path goes, and so does a lower directory (contents and all)
 *  where it puts a file or link. Symlinks stay: node-tar refuses to write through them. */
function clearWay(root: string, rel: string, isDir: boolean): void {
  const parts = rel.split('/');
  let at = root;
  for (let i = 0; i < parts.length; i++) {
    at = join(at, parts[i]!);
    let st;
    try { st = lstatSync(at); } catch { return; }
    if (st.isSymbolicLink()) return;
    const last = i === parts.length - 1;
    if (!last && !st.isDirectory()) { rmSync(at, { force: true }); return; }
    if (last && !isDir && st.isDirectory()) rmSync(at, { recursive: true, force: true });
  }
}

interface PendingLink { path: string; target: string; uid?: number; gid?: number; mode?: number }

/** Symlinks are made here, not by node-tar, which would rewrite an absolute target
 *  (`/bin/busybox`, meaning the image's root) into a relative one. Parents are checked for
 *  symlinks first, so a link is never placed outside the rootfs. */
function makeSymlink(root: string, link: PendingLink): void {
  const parts = link.path.split('/');
  let at = root;
  for (const part of parts.slice(0, -1)) {
    at = join(at, part);
    let st;
    try { st = lstatSync(at); } catch { mkdirSync(at, { mode: 0o755 }); continue; }
    if (!st.isDirectory()) throw new BuiltinFailure(`refusing layer: symlink "${link.path}" goes through "${part}", which is not a directory`);
  }
  const target = join(root, link.path);
  rmSync(target, { recursive: true, force: true });
  symlinkSync(link.target, target);
  if (process.getuid?.() === 0 && link.uid !== undefined) lchownSync(target, link.uid, link.gid ?? link.uid);
}

/** Applies one layer (a tar file, gzipped or not) to `root`. */
export async function applyLayer(root: string, file: string, gzip: boolean): Promise<void> {
  for (const w of await listWhiteouts(file, gzip)) applyWhiteout(root, w);
  const symlinks = new Set<string>();
  const links: PendingLink[] = [];
  let violation: string | undefined;
  try {
    await tar.x({
      file, cwd: root, gzip, strict: true, preserveOwner: process.getuid?.() === 0,
      filter: (path, entry) => {
        const e = entry as tar.ReadEntry;
        const p = clean(e.path ?? path);
        if (posix.basename(p).startsWith(WHITEOUT)) return false;
        if (e.type === 'CharacterDevice' || e.type === 'BlockDevice') return false;
        const v = entryViolation({ path: e.path ?? path, type: e.type, linkpath: e.linkpath }, symlinks);
        if (v) { violation ??= v; return false; }
        if (e.type === 'SymbolicLink') {
          symlinks.add(p);
          links.push({ path: p, target: e.linkpath ?? '', uid: e.uid, gid: e.gid });
          return false;
        }
        clearWay(root, p, e.type === 'Directory');
        return true;
      },
    } as tar.TarOptionsWithAliasesFile);
  } catch (e) {
    throw new BuiltinFailure(`extracting layer: ${(e as Error).message}`);
  }
  if (violation) throw new BuiltinFailure(`refusing layer: ${violation}`);
  for (const link of links) makeSymlink(root, link);
}
