// Durations and times as the pages print them. Pure.

/** "1h 2m", "3m 4s", "5s" from seconds. */
export function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

/** Local time of a Unix-seconds timestamp, HH:MM:SS. */
export function clock(unixSeconds: number | undefined): string {
  if (unixSeconds === undefined) return '';
  const d = new Date(unixSeconds * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function dateTime(unixSeconds: number | undefined): string {
  return unixSeconds === undefined ? '' : new Date(unixSeconds * 1000).toLocaleString();
}

export function versionText(v: Record<string, string> | undefined): string {
  if (!v) return '';
  return Object.entries(v).map(([k, val]) => `${k}: ${val}`).join(', ');
}

/**
 * A version in a few characters, for tables: the values only, a commit-like hex
 * string cut to 7, anything else longer than 20 cut with an ellipsis.
 */
export function shortVersion(v: Record<string, string> | undefined): string {
  if (!v) return '';
  return Object.values(v).map((val) => {
    if (/^[0-9a-f]{12,}$/i.test(val)) return val.slice(0, 7);
    const hex = /^(sha\d+:)([0-9a-f]{12,})$/i.exec(val);
    if (hex) return `${hex[1]}${hex[2]!.slice(0, 7)}`;
    return val.length > 20 ? `${val.slice(0, 19)}…` : val;
  }).join(', ');
}
