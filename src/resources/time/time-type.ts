// The `time` built-in type (Concourse's time-resource). check: the given version, plus
// `now` when it is due; in: `input`, `timestamp`, `epoch` files; out: a version for now.
// The clock is injected so tests can walk through a week in microseconds.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BuiltinFailure, type BuiltinResourceType } from '../builtin/types';
import { isDue } from './time-lord';
import { parseTimeSource } from './time-source';
import { formatRfc3339, localFields, offsetMs, parseRfc3339 } from './zoned';

export interface TimeTypeOptions { now?: () => Date }

function previousTime(version: Record<string, string> | null): Date | undefined {
  if (!version?.time) return undefined;
  const t = parseRfc3339(version.time);
  if (!t) throw new BuiltinFailure(`parsing time "${version.time}": not an RFC 3339 time`);
  return t;
}

/** Go's `2006-01-02 15:04:05.999999999 -0700 MST` layout (the zone abbreviation as Intl names it). */
function goTimestamp(t: Date, zone: string): string {
  const f = localFields(t, zone);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const off = offsetMs(t, zone) / 60000;
  const ms = t.getTime() % 1000;
  const frac = ms ? `.${pad(ms, 3)}`.replace(/0+$/, '') : '';
  const abbr = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' }).formatToParts(t)
    .find((p) => p.type === 'timeZoneName')?.value ?? zone;
  const offText = `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)}`;
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)} ${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${frac} ${offText} ${zone === 'UTC' ? 'UTC' : abbr}`;
}

export function createTimeType(opts: TimeTypeOptions = {}): BuiltinResourceType {
  const now = opts.now ?? (() => new Date());
  return {
    name: 'time',
    async check(_ctx, req) {
      const src = parseTimeSource(req.source);
      const previous = previousTime(req.version);
      const current = now();
      const versions: Record<string, string>[] = [];
      if (previous) versions.push({ time: req.version!.time! });
      else if (src.initialVersion) return [{ time: formatRfc3339(current, src.location) }];
      if (isDue(src, current, previous)) versions.push({ time: formatRfc3339(current, src.location) });
      return versions;
    },
    async in(_ctx, dir, req) {
      const src = parseTimeSource(req.source);
      const t = previousTime(req.version);
      if (!t) throw new BuiltinFailure('version.time is required');
      writeFileSync(join(dir, 'input'), JSON.stringify({ source: req.source, version: req.version, params: req.params }));
      writeFileSync(join(dir, 'timestamp'), goTimestamp(t, src.location));
      writeFileSync(join(dir, 'epoch'), String(Math.floor(t.getTime() / 1000)));
      return { version: { ...req.version } };
    },
    async out(_ctx, _inputs, req) {
      const src = parseTimeSource(req.source);
      return { version: { time: formatRfc3339(now(), src.location) } };
    },
  };
}
