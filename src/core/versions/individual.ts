// Inputs without `passed:`: the newest enabled version (`latest`), the next version
// after the newest one this job used (`every`), or a pinned version.
import { pinMatches, pinnedNotFoundReason, versionLabel } from './format';
import type { JobIndex, ResourceIndex } from './version-index';
import { RESOLUTION_FAILURE, type ResourceVersion, type VersionFields } from './types';

export type IndividualOutcome =
  | { readonly ok: true; readonly version: ResourceVersion; readonly hasNext: boolean }
  | { readonly ok: false; readonly reason: string; readonly explanation: string };

function noEnabledVersion(res: ResourceIndex | undefined, resource: string, reason: string): IndividualOutcome {
  const count = res?.ordered.length ?? 0;
  const explanation =
    count === 0
      ? `no versions of resource ${resource}`
      : `no enabled versions of resource ${resource} (all ${count} are disabled)`;
  return { ok: false, reason, explanation };
}

export function resolveLatest(res: ResourceIndex | undefined, resource: string): IndividualOutcome {
  if (!res || res.latestEnabled < 0) return noEnabledVersion(res, resource, RESOLUTION_FAILURE.latestNotFound);
  return { ok: true, version: res.ordered[res.latestEnabled]!, hasNext: false };
}

/**
 * `every`: the oldest enabled version newer than the newest version this job has
 * used for the resource (in any build, whatever its outcome), so no version is
 * skipped. A job that never used the resource starts from the latest version.
 * When nothing newer is enabled, the newest enabled version not newer than the
 * last used one (usually that one again, so no new build triggers).
 */
export function resolveEvery(res: ResourceIndex | undefined, job: JobIndex, resource: string): IndividualOutcome {
  if (!res || res.latestEnabled < 0) return noEnabledVersion(res, resource, RESOLUTION_FAILURE.versionNotFound);
  const used = job.newestUse(res);
  if (!used) return { ok: true, version: res.ordered[res.latestEnabled]!, hasNext: false };
  const versions = res.ordered;
  let i = upperBound(versions, used.checkOrder);
  for (; i < versions.length; i++) {
    if (versions[i]!.disabled) continue;
    let hasNext = false;
    for (let j = i + 1; j < versions.length; j++) {
      if (!versions[j]!.disabled) {
        hasNext = true;
        break;
      }
    }
    return { ok: true, version: versions[i]!, hasNext };
  }
  // Nothing newer: the latest enabled version is at or before the last used one.
  return { ok: true, version: versions[res.latestEnabled]!, hasNext: false };
}

/** First index whose check order is greater than `checkOrder`. */
function upperBound(versions: readonly ResourceVersion[], checkOrder: number): number {
  let lo = 0;
  let hi = versions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (versions[mid]!.checkOrder <= checkOrder) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type PinLookup =
  | { readonly kind: 'found'; readonly version: ResourceVersion }
  | { readonly kind: 'disabled'; readonly version: ResourceVersion }
  | { readonly kind: 'missing' };

/** The newest enabled version containing the pinned fields. */
export function findPinned(res: ResourceIndex | undefined, pin: VersionFields): PinLookup {
  let disabled: ResourceVersion | undefined;
  const versions = res?.ordered ?? [];
  for (let i = versions.length - 1; i >= 0; i--) {
    const v = versions[i]!;
    if (!pinMatches(pin, v.version)) continue;
    if (!v.disabled) return { kind: 'found', version: v };
    disabled ??= v;
  }
  return disabled ? { kind: 'disabled', version: disabled } : { kind: 'missing' };
}

export function pinFailure(lookup: PinLookup, pin: VersionFields, resource: string): IndividualOutcome | null {
  if (lookup.kind === 'found') return null;
  const reason = pinnedNotFoundReason(pin);
  const explanation =
    lookup.kind === 'disabled'
      ? `pinned version ${versionLabel(pin)} of resource ${resource} is disabled`
      : `pinned version ${versionLabel(pin)} not found among the versions of resource ${resource}`;
  return { ok: false, reason, explanation };
}

export function resolvePinned(res: ResourceIndex | undefined, pin: VersionFields, resource: string): IndividualOutcome {
  const lookup = findPinned(res, pin);
  if (lookup.kind === 'found') return { ok: true, version: lookup.version, hasNext: false };
  return pinFailure(lookup, pin, resource)!;
}
