// Job-name globs. `passed:` matches like Go's path.Match (`*`, `?`, `[a-z]`);
// group `jobs:` match like gobwas/glob, which adds `{a,b}` alternatives.

function escape(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** Compiles a glob to a RegExp, or undefined when the glob is malformed. */
export function compileGlob(glob: string, braces: boolean): RegExp | undefined {
  let out = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '\\') {
      const next = glob[++i];
      if (next === undefined) return undefined;
      out += escape(next);
    } else if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) return undefined;
      let body = glob.slice(i + 1, end);
      if (body.startsWith('^') || body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (braces && ch === '{') {
      depth++;
      out += '(?:';
    } else if (braces && ch === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (braces && ch === ',' && depth > 0) out += '|';
    else out += escape(ch);
  }
  if (depth !== 0) return undefined;
  try {
    return new RegExp(`^${out}$`, 'u');
  } catch {
    return undefined;
  }
}

const cache = new Map<string, RegExp | undefined>();

export function globMatcher(glob: string, braces = false): RegExp | undefined {
  const key = `${braces ? 'b' : 'p'}:${glob}`;
  if (!cache.has(key)) cache.set(key, /[*?[\\{]/.test(glob) ? compileGlob(glob, braces) : new RegExp(`^${[...glob].map(escape).join('')}$`, 'u'));
  return cache.get(key);
}

/** Names in `names` that `glob` matches (a plain name matches only itself). */
export function matchNames(glob: string, names: readonly string[] | ReadonlySet<string>, braces = false): string[] {
  if (!/[*?[\\{]/.test(glob)) {
    const has = names instanceof Set ? names.has(glob) : (names as readonly string[]).includes(glob);
    return has ? [glob] : [];
  }
  if (names instanceof Set) names = [...names];
  const re = globMatcher(glob, braces);
  return re ? (names as readonly string[]).filter((n) => re.test(n)) : [];
}
