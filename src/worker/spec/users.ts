// Resolves a task's `user` ("root", a name from the image's /etc/passwd, "uid" or
// "uid:gid") to numeric ids and a home directory. Pure: the caller reads the files.

export interface ResolvedUser { uid: number; gid: number; home: string; additionalGids: number[] }

export type UserResult = { ok: true; user: ResolvedUser } | { ok: false; error: string };

interface PasswdEntry { name: string; uid: number; gid: number; home: string }

export function parsePasswd(text: string): PasswdEntry[] {
  return text.split('\n').flatMap((line) => {
    const f = line.split(':');
    if (f.length < 7 || line.startsWith('#')) return [];
    return [{ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]! }];
  });
}

/** Supplementary groups of `name` from /etc/group's member lists. */
export function groupsOf(groupText: string, name: string): number[] {
  return groupText.split('\n').flatMap((line) => {
    const f = line.split(':');
    if (f.length < 4) return [];
    return f[3]!.split(',').includes(name) ? [Number(f[2])] : [];
  });
}

export function resolveUser(user: string | undefined, passwd: string, group: string): UserResult {
  const spec = user?.trim() || 'root';
  const entries = parsePasswd(passwd);
  const numeric = /^(\d+)(?::(\d+))?$/.exec(spec);
  if (numeric) {
    const uid = Number(numeric[1]);
    const known = entries.find((e) => e.uid === uid);
    const gid = numeric[2] !== undefined ? Number(numeric[2]) : known?.gid ?? uid;
    return { ok: true, user: { uid, gid, home: known?.home ?? '/', additionalGids: known ? groupsOf(group, known.name) : [] } };
  }
  const entry = entries.find((e) => e.name === spec);
  if (!entry) {
    if (spec === 'root') return { ok: true, user: { uid: 0, gid: 0, home: '/root', additionalGids: [] } };
    return { ok: false, error: `user "${spec}" is not in the image's /etc/passwd` };
  }
  return { ok: true, user: { uid: entry.uid, gid: entry.gid, home: entry.home, additionalGids: groupsOf(group, entry.name) } };
}
