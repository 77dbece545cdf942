// Check without a `tag`: semver tags (with an optional variant suffix) in version order,
// one per digest (the most specific tag wins), plus the bare `latest` (or variant) tag when
// it is not one of them; or, with `tag_regex`, every matching tag in the registry's order.
import type { ResourceVersion } from '../../ports/resource-runner';
import type { RegistrySource } from './source';

export interface SemverTag { tag: string; parts: number[]; pre: string; dots: number }

const SEMVER = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?$/;
const PRE_PREFIXES = ['alpha', 'beta', 'rc'];

export function parseSemverTag(tag: string, src: RegistrySource): SemverTag | undefined {
  let text = tag;
  if (src.variant) {
    if (!tag.endsWith(`-${src.variant}`)) return undefined;
    text = tag.slice(0, -(src.variant.length + 1));
  }
  const m = SEMVER.exec(text);
  if (!m) return undefined;
  const pre = m[4] ?? '';
  if (pre && (!src.preReleases || pre.includes('-') || !PRE_PREFIXES.some((p) => pre.startsWith(p)))) return undefined;
  return { tag, parts: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], pre, dots: text.split('-')[0]!.split('.').length - 1 };
}

export function compareSemver(a: SemverTag, b: SemverTag): number {
  for (let i = 0; i < 3; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i]! - b.parts[i]!;
  if (a.pre === b.pre) return 0;
  if (!a.pre) return 1;
  if (!b.pre) return -1;
  return a.pre < b.pre ? -1 : 1;
}

/** Versions in order from the tag → digest map of a repository (semver mode). */
export function semverVersions(digests: Map<string, string>, src: RegistrySource): ResourceVersion[] {
  const byDigest = new Map<string, SemverTag>();
  for (const [tag, digest] of digests) {
    const v = parseSemverTag(tag, src);
    if (!v) continue;
    const old = byDigest.get(digest);
    const better = !old || (old.pre && !v.pre) || (!!old.pre === !!v.pre && v.dots > old.dots);
    if (better) byDigest.set(digest, v);
  }
  const out = [...byDigest.entries()].sort((a, b) => compareSemver(a[1], b[1])).map(([digest, v]) => ({ tag: v.tag, digest }));
  const bare = src.variant ?? 'latest';
  const bareDigest = digests.get(bare);
  if (bareDigest && !byDigest.has(bareDigest)) out.push({ tag: bare, digest: bareDigest });
  return out;
}

/** Everything from `from` on (inclusive), or all when `from` is not among them. */
export function fromCursor(versions: ResourceVersion[], from: ResourceVersion | null): ResourceVersion[] {
  if (!from) return versions;
  const i = versions.findIndex((v) => v.tag === from.tag && v.digest === from.digest);
  return i < 0 ? versions : versions.slice(i);
}
