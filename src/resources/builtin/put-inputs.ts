// What a built-in `out` may read: paths relative to the put's working dir, whose first
// segment names an input volume. Nothing resolves through a symlink or above an input, so
// a task cannot point a put at the worker's own files.
import { lstatSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { BuiltinFailure, type PutInputs } from './types';

function segments(path: string): string[] {
  if (path.startsWith('/')) throw new BuiltinFailure(`path "${path}" must be relative to the put's working directory`);
  const parts = posix.normalize(path).split('/').filter((s) => s && s !== '.');
  if (parts.includes('..')) throw new BuiltinFailure(`path "${path}" climbs out of the put's inputs`);
  return parts;
}

function globToRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end < 0) { re += '\\['; continue; }
      re += `[${segment.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function putInputs(inputs: Record<string, string>): PutInputs {
  const resolve = (path: string): string => {
    const [name, ...rest] = segments(path);
    const root = name === undefined ? undefined : inputs[name];
    if (!root) throw new BuiltinFailure(`"${path}" is not in any of the put's inputs (${Object.keys(inputs).join(', ') || 'none'})`);
    let at = root;
    for (const part of rest) {
      at = join(at, part);
      let st;
      try { st = lstatSync(at); } catch { throw new BuiltinFailure(`${path}: no such file or directory`); }
      if (st.isSymbolicLink()) throw new BuiltinFailure(`${path}: refusing to follow the symlink "${part}"`);
    }
    return at;
  };

  const glob = (pattern: string): string[] => {
    let found: string[] = [''];
    for (const seg of segments(pattern)) {
      const re = globToRegExp(seg);
      const next: string[] = [];
      for (const base of found) {
        const names = base === '' ? Object.keys(inputs) : listDir(() => resolve(base));
        for (const n of names.filter((x) => re.test(x)).sort()) next.push(base === '' ? n : `${base}/${n}`);
      }
      found = next;
    }
    return found.filter((p) => p !== '');
  };
  return { resolve, glob };
}

/** Entries of a directory; nothing for a file, a symlink or a path that is not there. */
function listDir(path: () => string): string[] {
  try {
    const p = path();
    return lstatSync(p).isDirectory() ? readdirSync(p) : [];
  } catch { return []; }
}
