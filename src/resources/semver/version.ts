// Semantic versions as semver-resource handles them: strict MAJOR.MINOR.PATCH[-pre][+build]
// parsing, ordering by precedence (build ignored), and the bump params (bump: major | minor |
// patch | final, pre, pre_without_version, build, build_without_version) applied in order.
import { BuiltinFailure } from '../builtin/types';

export interface SemVer { major: number; minor: number; patch: number; pre: (string | number)[]; build: string[] }

const NUM = '0|[1-9]\\d*';
const IDENT = '[0-9A-Za-z-]+';
const RE = new RegExp(`^(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+(${IDENT}(?:\\.${IDENT})*))?$`);

export function parseSemver(text: string): SemVer {
  const m = RE.exec(text.trim());
  if (!m) throw new BuiltinFailure(`invalid semantic version: "${text.trim()}"`);
  const pre = m[4] ? m[4].split('.').map((p) => {
    if (/^\d+$/.test(p)) {
      if (p.length > 1 && p.startsWith('0')) throw new BuiltinFailure(`invalid semantic version: "${text.trim()}" (leading zero in ${p})`);
      return Number(p);
    }
    return p;
  }) : [];
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre, build: m[5] ? m[5].split('.') : [] };
}

export function formatSemver(v: SemVer): string {
  let s = `${v.major}.${v.minor}.${v.patch}`;
  if (v.pre.length) s += `-${v.pre.join('.')}`;
  if (v.build.length) s += `+${v.build.join('.')}`;
  return s;
}

/** Precedence order (semver.org §11); negative when a < b. */
export function compareSemver(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] - b[k];
  if (!a.pre.length || !b.pre.length) return (a.pre.length ? -1 : 0) + (b.pre.length ? 1 : 0);
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i]; const y = b.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export interface BumpParams {
  bump?: string; pre?: string; pre_without_version?: boolean; build?: string; build_without_version?: boolean;
}

export function hasBump(p: BumpParams): boolean {
  return !!(p.bump || p.pre || p.build);
}

function bumpPart(v: SemVer, kind: string): SemVer {
  switch (kind) {
    case 'major': return { ...v, major: v.major + 1, minor: 0, patch: 0, pre: [] };
    case 'minor': return { ...v, minor: v.minor + 1, patch: 0, pre: [] };
    case 'patch': return { ...v, patch: v.patch + 1, pre: [] };
    case 'final': return { ...v, pre: [] };
    default: throw new BuiltinFailure(`unknown bump "${kind}" (expected major, minor, patch or final)`);
  }
}

/** A label with a counter: the same label counts up, another label (or none) starts at 1. */
function bumpLabel<T extends string | number>(parts: T[], label: string, withoutVersion: boolean): (string | number)[] {
  if (withoutVersion) return [label];
  const n = parts[1];
  if (parts.length < 2 || parts[0] !== label) return [label, 1];
  const count = typeof n === 'number' ? n : Number.parseInt(String(n), 10);
  return [label, Number.isFinite(count) ? count + 1 : 1];
}

export function applyBump(v: SemVer, p: BumpParams): SemVer {
  let out = p.bump ? bumpPart(v, p.bump) : { ...v };
  if (p.pre) out = { ...out, pre: bumpLabel(out.pre, p.pre, !!p.pre_without_version) };
  if (p.build) out = { ...out, build: bumpLabel(out.build, p.build, !!p.build_without_version).map(String) };
  return out;
}
