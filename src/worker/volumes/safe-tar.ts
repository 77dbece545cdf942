// Tar in and out of a directory without ever touching a file outside it: entries with
// absolute paths, `..` segments, links that climb out, or paths through a symlink are
// refused with an `unsafe-archive` error; the host never follows a link in the volume.
import { lstatSync, mkdirSync } from 'node:fs';
import { posix, join, dirname, basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { WorkerRuntimeError } from '../../ports/worker-runtime';

interface EntryLike { path: string; type: string; linkpath?: string }

/** Why an entry may not be extracted under the destination, or undefined when it may. */
export function entryViolation(entry: EntryLike, symlinks: Set<string>): string | undefined {
  const p = entry.path;
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return `absolute path "${p}"`;
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.includes('..')) return `path "${p}" contains ".."`;
  for (let i = 1; i < parts.length; i++) {
    if (symlinks.has(parts.slice(0, i).join('/'))) return `path "${p}" goes through the symlink "${parts.slice(0, i).join('/')}"`;
  }
  const link = entry.linkpath ?? '';
  if (entry.type === 'SymbolicLink') {
    // Absolute targets mean the container's root (images are full of them); relative ones
    // must not climb above the destination.
    if (!link.startsWith('/') && escapes(posix.join(posix.dirname(parts.join('/')), link))) {
      return `symlink "${p}" points outside the volume ("${link}")`;
    }
  }
  if (entry.type === 'Link' && (link.startsWith('/') || escapes(link))) {
    return `hard link "${p}" points outside the volume ("${link}")`;
  }
  return undefined;
}

function escapes(rel: string): boolean {
  const n = posix.normalize(rel);
  return n === '..' || n.startsWith('../') || n.startsWith('/');
}

/** `sub` under `root` as a host path, refusing `..` and any symlink on the way. */
export function resolveInside(root: string, sub: string, opts: { create?: boolean } = {}): string {
  const parts = posix.normalize(`/${sub}`).split('/').filter(Boolean);
  if (sub.split('/').includes('..')) throw new WorkerRuntimeError('unsafe-archive', `path "${sub}" contains ".."`);
  let at = root;
  for (const part of parts) {
    at = join(at, part);
    let st;
    try { st = lstatSync(at); } catch {
      if (!opts.create) throw new WorkerRuntimeError('not-found', `"${sub}" does not exist in the volume`);
      mkdirSync(at);
      continue;
    }
    if (st.isSymbolicLink()) throw new WorkerRuntimeError('unsafe-archive', `path "${sub}" goes through a symlink`);
  }
  return at;
}

/** Extracts a tar stream into `dest`; stops at the first unsafe entry. */
export async function extractSafely(dest: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
  const symlinks = new Set<string>();
  let violation: string | undefined;
  const unpack: tar.Unpack = new tar.Unpack({
    cwd: dest,
    strict: true,
    preserveOwner: true,
    filter: (path, entry) => {
      if (violation) return false;
      const e = entry as tar.ReadEntry;
      const v = entryViolation({ path: e.path ?? path, type: e.type, linkpath: e.linkpath }, symlinks);
      if (v) {
        violation = v;
        unpack.abort(new WorkerRuntimeError('unsafe-archive', `refusing the archive: ${v}`));
        return false;
      }
      if (e.type === 'SymbolicLink') symlinks.add((e.path ?? path).split('/').filter((s) => s && s !== '.').join('/'));
      return true;
    },
  });
  try {
    await pipeline(Readable.from(source), unpack);
  } catch (e) {
    if (violation) throw new WorkerRuntimeError('unsafe-archive', `refusing the archive: ${violation}`);
    const err = e as { code?: string; message?: string };
    if (err.code === 'TAR_SYMLINK_ERROR' || /symbolic link/i.test(err.message ?? '')) {
      throw new WorkerRuntimeError('unsafe-archive', `refusing the archive: ${err.message}`, { cause: e });
    }
    throw new WorkerRuntimeError('runtime-failed', `cannot extract the archive: ${err.message}`, { cause: e });
  }
  if (violation) throw new WorkerRuntimeError('unsafe-archive', `refusing the archive: ${violation}`);
}

/** A tar stream of `path`: a directory's content as `./...`, or a single file by its name. */
export function packPath(path: string): AsyncIterable<Uint8Array> {
  const st = lstatSync(path);
  if (st.isDirectory()) return tar.c({ cwd: path, follow: false, portable: false }, ['.']);
  return tar.c({ cwd: dirname(path), follow: false }, [basename(path)]);
}
