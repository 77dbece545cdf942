// When a time resource is due: the rules of Concourse's time-resource. `now` must fall on
// one of `days`, inside today's start..stop window (default: the whole day) and after
// start_after; then a version is due if there is none yet, if `interval` has passed since
// the last one, or (no interval) if the last one is from before this window opened.
import type { TimeSource } from './time-source';
import { localFields, zonedDate } from './zoned';

/** The latest start..stop window whose start is at or before `t` (stop after start, maybe next day). */
export function windowAround(src: TimeSource, t: Date): { start: Date; stop: Date } {
  const startMin = src.start ?? 0;
  const stopMin = src.stop ?? 0;
  const f = localFields(t, src.location);
  let start = zonedDate(src.location, f.year, f.month, f.day, Math.floor(startMin / 60), startMin % 60);
  let day = f.day;
  if (start.getTime() > t.getTime()) {
    day -= 1;
    start = zonedDate(src.location, f.year, f.month, day, Math.floor(startMin / 60), startMin % 60);
  }
  const sf = localFields(start, src.location);
  let stop = zonedDate(src.location, sf.year, sf.month, sf.day, Math.floor(stopMin / 60), stopMin % 60);
  if (stop.getTime() <= start.getTime()) {
    stop = zonedDate(src.location, sf.year, sf.month, sf.day + 1, Math.floor(stopMin / 60), stopMin % 60);
  }
  return { start, stop };
}

function dayMatches(src: TimeSource, t: Date): boolean {
  return src.days.length === 0 || src.days.includes(localFields(t, src.location).weekday);
}

export function isDue(src: TimeSource, now: Date, previous: Date | undefined): boolean {
  if (!dayMatches(src, now)) return false;
  if (src.startAfter) {
    const a = src.startAfter;
    const after = zonedDate(src.location, a.year, a.month, a.day, a.hour, a.minute, a.second);
    if (after.getTime() >= now.getTime()) return false;
  }
  const { start, stop } = windowAround(src, now);
  if (now.getTime() < start.getTime() || now.getTime() >= stop.getTime()) return false;
  if (!previous) return true;
  if (src.intervalMs !== undefined) return now.getTime() - previous.getTime() >= src.intervalMs;
  return previous.getTime() < start.getTime();
}
