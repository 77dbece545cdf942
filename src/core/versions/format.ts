// How versions are shown in reasons and matched against pins.
import type { VersionFields } from './types';

/** Concourse's `k:v` form, fields sorted so the text is stable: `ref:abc tag:v1`. */
export function formatVersionPairs(version: VersionFields): string {
  return Object.keys(version)
    .sort()
    .map((k) => `${k}:${version[k]}`)
    .join(' ');
}

/** A short label for explanations: the value alone for one-field versions (`abc123`). */
export function versionLabel(version: VersionFields): string {
  const keys = Object.keys(version);
  if (keys.length === 1) return String(version[keys[0]!]);
  return formatVersionPairs(version);
}

/** A pin matches a version that contains every pinned field (Concourse's `@>`). */
export function pinMatches(pin: VersionFields, version: VersionFields): boolean {
  for (const key of Object.keys(pin)) {
    if (version[key] !== pin[key]) return false;
  }
  return true;
}

/** Concourse's text for a pin that matches no version: `pinned version ref:abc not found`. */
export function pinnedNotFoundReason(pin: VersionFields): string {
  const pairs = formatVersionPairs(pin);
  return `pinned version${pairs ? ' ' + pairs : ''} not found`;
}

/** `[a, b]` as in the pipeline file. */
export function formatJobList(jobs: readonly string[]): string {
  return `[${jobs.join(', ')}]`;
}
