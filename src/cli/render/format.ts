// Small formatters shared by the list commands: times, durations, versions, JSON.

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

/** fly's build time layout, `2006-01-02@15:04:05-0700`, in the local zone. */
export function formatBuildTime(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `@${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${zone}`
  );
}

/** A duration like Go prints one: `1h2m3s`, `45s`, `0s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h${m}m${rest}s`;
  if (m > 0) return `${m}m${rest}s`;
  return `${rest}s`;
}

/** start, end and duration cells of a build, `n/a` where a time is missing. */
export function buildTimes(start: number | undefined, end: number | undefined, now: number): [string, string, string] {
  if (!start) return ['n/a', end ? formatBuildTime(end) : 'n/a', 'n/a'];
  if (!end) return [formatBuildTime(start), 'n/a', `${formatDuration(now - start)}+`];
  return [formatBuildTime(start), formatBuildTime(end), formatDuration(end - start)];
}

/** A resource version as fly shows it: `k:v` pairs sorted, joined by commas. */
export function formatVersion(version: Record<string, unknown> | null | undefined): string {
  if (!version) return 'n/a';
  return Object.entries(version)
    .map(([k, v]) => `${k}:${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .sort()
    .join(',');
}

/** JSON for scripts: indented by two spaces, one trailing newline (fly's JsonPrint). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** fly's `last updated` column: the time in the local zone. */
export function formatTimestamp(unixSeconds: number | undefined): string {
  if (!unixSeconds) return 'n/a';
  return formatBuildTime(unixSeconds).replace('@', ' ');
}
