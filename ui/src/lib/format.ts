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
