// The time resource's `source:` (interval, start/stop, days, location, initial_version,
// start_after) parsed with the formats Concourse's time-resource accepts.
import { parseGoDuration } from '../../core/config';
import { BuiltinFailure } from '../builtin/types';
import { checkZone } from './zoned';

export interface TimeSource {
  intervalMs?: number;
  start?: number;            // minutes after local midnight
  stop?: number;
  days: number[];            // 0 = Sunday
  location: string;
  initialVersion: boolean;
  startAfter?: { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

const DAY_NAMES: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tuesday: 2, wed: 3, wednesday: 3,
  thu: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};

export const TIME_FORMATS = ['3:04 PM -0700', '3PM -0700', '3 PM -0700', '15:04 -0700', '1504 -0700', '3:04 PM', '3PM', '3 PM', '15:04', '1504'];

/** A time of day in minutes; an explicit offset is turned into UTC, as Go's parser does. */
export function parseTimeOfDay(text: string): number {
  const m = /^(?:(\d{1,2})(?::(\d{2}))?\s?(AM|PM)|(\d{1,2}):(\d{2})|(\d{2})(\d{2}))(?:\s([+-])(\d{2})(\d{2}))?$/i.exec(text.trim());
  const fail = () => new BuiltinFailure(`invalid time format: ${text}, must be one of: ${TIME_FORMATS.join(', ')}`);
  if (!m) throw fail();
  let hour: number; let minute: number;
  if (m[3]) {
    hour = Number(m[1]); minute = Number(m[2] ?? 0);
    if (hour < 1 || hour > 12) throw fail();
    hour = (hour % 12) + (m[3].toUpperCase() === 'PM' ? 12 : 0);
  } else if (m[4]) { hour = Number(m[4]); minute = Number(m[5]); } else { hour = Number(m[6]); minute = Number(m[7]); }
  if (hour > 23 || minute > 59) throw fail();
  let total = hour * 60 + minute;
  if (m[8]) total -= (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  return ((total % 1440) + 1440) % 1440;
}

function parseStartAfter(text: string): TimeSource['startAfter'] {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2}))?)?)?$/.exec(text.trim());
  if (!m) {
    throw new BuiltinFailure(`invalid date format: ${text}, must be one of: 2006-01-02T15:04:05, 2006-01-02T15:04, 2006-01-02T15, 2006-01-02, 2006-01-02 15:04:05`);
  }
  return { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0) };
}

function str(field: string, v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return String(v); // `start: 1504` read as a number by YAML
  if (typeof v !== 'string') throw new BuiltinFailure(`source.${field} must be a string`);
  return v;
}

export function parseTimeSource(raw: Record<string, unknown>): TimeSource {
  const known = new Set(['interval', 'start', 'stop', 'days', 'location', 'initial_version', 'start_after']);
  const unknown = Object.keys(raw).filter((k) => !known.has(k));
  if (unknown.length) throw new BuiltinFailure(`unknown fields in source: ${unknown.join(', ')}`);
  const src: TimeSource = { days: [], location: str('location', raw.location) ?? 'UTC', initialVersion: raw.initial_version === true };
  checkZone(src.location);
  const interval = str('interval', raw.interval);
  if (interval !== undefined) {
    const ms = parseGoDuration(interval);
    if (ms === undefined || ms <= 0) throw new BuiltinFailure(`time: invalid duration "${interval}"`);
    src.intervalMs = ms;
  }
  const start = str('start', raw.start);
  const stop = str('stop', raw.stop);
  if ((start === undefined) !== (stop === undefined)) throw new BuiltinFailure('must configure both start and stop, or neither');
  if (start !== undefined) { src.start = parseTimeOfDay(start); src.stop = parseTimeOfDay(stop!); }
  if (raw.days !== undefined && raw.days !== null) {
    if (!Array.isArray(raw.days)) throw new BuiltinFailure('source.days must be a list of weekdays');
    src.days = raw.days.map((d) => {
      const n = DAY_NAMES[String(d).toLowerCase()];
      if (n === undefined) throw new BuiltinFailure(`unknown weekday: ${d}`);
      return n;
    });
  }
  const after = str('start_after', raw.start_after);
  if (after) src.startAfter = parseStartAfter(after);
  return src;
}
