// Wall-clock arithmetic in an IANA time zone with only Intl (no tz library): read a
// moment's local fields, and find the moment of a local date and time (DST gaps move
// forward by the gap, as Go's time.Date does for a missing local time).
import { BuiltinFailure } from '../builtin/types';

export interface LocalFields { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number }

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short',
      });
    } catch {
      throw new BuiltinFailure(`unknown time zone ${zone}`);
    }
    formatters.set(zone, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function checkZone(zone: string): void { formatter(zone); }

export function localFields(t: Date, zone: string): LocalFields {
  const parts = Object.fromEntries(formatter(zone).formatToParts(t).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday!),
  };
}

/** Offset of `zone` from UTC at moment `t`, in milliseconds (east positive). */
export function offsetMs(t: Date, zone: string): number {
  const f = localFields(t, zone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - Math.floor(t.getTime() / 1000) * 1000;
}

/** The moment whose local time in `zone` is the given date and time (day may overflow). */
export function zonedDate(zone: string, year: number, month: number, day: number, hour: number, minute: number, second = 0): Date {
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  let guess = naive - offsetMs(new Date(naive), zone);
  const second_ = naive - offsetMs(new Date(guess), zone);
  if (second_ !== guess) guess = second_;
  return new Date(guess);
}

/** Go's time.Time JSON form (RFC 3339 with up to nanoseconds, trailing zeros dropped), in `zone`. */
export function formatRfc3339(t: Date, zone: string): string {
  const f = localFields(t, zone);
  const off = offsetMs(t, zone);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const ms = t.getTime() % 1000;
  const frac = ms ? `.${pad((ms + 1000) % 1000, 3)}`.replace(/0+$/, '') : '';
  const abs = Math.abs(off) / 60000;
  const zoneText = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${frac}${zoneText}`;
}

/** Parses an RFC 3339 time (any number of fractional digits; precision beyond ms is dropped). */
export function parseRfc3339(s: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/i.exec(s.trim());
  if (!m) return undefined;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let off = 0;
  if (m[8]!.toUpperCase() !== 'Z') {
    const z = m[8]!.replace(':', '');
    off = (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) * 60000;
  }
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms) - off);
}
