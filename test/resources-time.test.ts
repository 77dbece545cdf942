// The time resource type with an injected clock: intervals, start/stop windows, days,
// locations, initial_version, and the in/out files.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createTimeType, parseTimeOfDay } from '../src/resources/time';
import { putInputs } from '../src/resources/builtin/put-inputs';
import { resourceContext, tempDir } from './testkit/git-repo';

/** A clock the test moves; the type reads it through `now`. */
function clock(iso: string) {
  let t = new Date(iso);
  return { now: () => t, set: (s: string) => { t = new Date(s); }, add: (min: number) => { t = new Date(t.getTime() + min * 60_000); } };
}

/** Runs check every `stepMin` minutes from `from` to `to` (like the checker would), feeding
 *  back the latest version; returns the times of every new version. */
async function simulate(source: Record<string, unknown>, from: string, to: string, stepMin = 1): Promise<string[]> {
  const c = clock(from);
  const type = createTimeType({ now: c.now });
  const seen: string[] = [];
  let latest: Record<string, string> | null = null;
  while (c.now().getTime() <= new Date(to).getTime()) {
    const vs = await type.check(resourceContext(), { source, version: latest });
    const last = vs[vs.length - 1];
    if (last && last.time !== latest?.time) { seen.push(last.time!); latest = last; }
    c.add(stepMin);
  }
  return seen;
}

describe('time check', () => {
  test('first check with no window emits now; then a version every 20 minutes', async () => {
    const seen = await simulate({ interval: '20m' }, '2026-03-02T10:00:00Z', '2026-03-02T11:05:00Z');
    assert.deepEqual(seen, ['2026-03-02T10:00:00Z', '2026-03-02T10:20:00Z', '2026-03-02T10:40:00Z', '2026-03-02T11:00:00Z']);
  });

  test('check returns the given version and, when due, now', async () => {
    const c = clock('2026-03-02T10:10:00Z');
    const type = createTimeType({ now: c.now });
    const source = { interval: '20m' };
    assert.deepEqual(await type.check(resourceContext(), { source, version: { time: '2026-03-02T10:00:00Z' } }), [{ time: '2026-03-02T10:00:00Z' }]);
    c.set('2026-03-02T10:20:00.5Z');
    assert.deepEqual(await type.check(resourceContext(), { source, version: { time: '2026-03-02T10:00:00.000000000Z' } }),
      [{ time: '2026-03-02T10:00:00.000000000Z' }, { time: '2026-03-02T10:20:00.5Z' }]);
  });

  test('every 30 minutes between 8am and 6pm on weekdays (Europe/Berlin)', async () => {
    const source = { interval: '30m', start: '8:00 AM', stop: '6:00 PM', days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], location: 'Europe/Berlin' };
    // Friday 2026-03-06 to Monday 2026-03-09 (CET, UTC+1), checked every 5 minutes
    const seen = await simulate(source, '2026-03-06T05:00:00Z', '2026-03-09T08:00:00Z', 5);
    const friday = seen.filter((t) => t.startsWith('2026-03-06'));
    assert.equal(friday[0], '2026-03-06T08:00:00+01:00');
    assert.equal(friday.at(-1), '2026-03-06T17:30:00+01:00');
    assert.equal(friday.length, 20);
    assert.ok(!seen.some((t) => t.startsWith('2026-03-07') || t.startsWith('2026-03-08')), 'nothing at the weekend');
    assert.deepEqual(seen.filter((t) => t.startsWith('2026-03-09')), ['2026-03-09T08:00:00+01:00', '2026-03-09T08:30:00+01:00', '2026-03-09T09:00:00+01:00']);
  });

  test('start/stop without interval: one version per window, none outside it', async () => {
    const seen = await simulate({ start: '20:00', stop: '21:00' }, '2026-03-02T19:00:00Z', '2026-03-04T12:00:00Z', 10);
    assert.deepEqual(seen, ['2026-03-02T20:00:00Z', '2026-03-03T20:00:00Z']);
  });

  test('a window across midnight in a location and the deprecated offset form', async () => {
    const seen = await simulate({ start: '11:00 PM', stop: '1:00 AM', location: 'America/New_York' }, '2026-07-01T00:00:00Z', '2026-07-02T12:00:00Z', 15);
    assert.deepEqual(seen, ['2026-06-30T23:00:00-04:00', '2026-07-01T23:00:00-04:00']);
    assert.equal(parseTimeOfDay('3:04 PM +0100'), 14 * 60 + 4);
    assert.equal(parseTimeOfDay('1504'), 15 * 60 + 4);
    assert.equal(parseTimeOfDay('3PM'), 15 * 60);
  });

  test('a daily window keeps its local time across a DST change (America/New_York, 2026-03-08)', async () => {
    const seen = await simulate({ start: '8:00 AM', stop: '9:00 AM', location: 'America/New_York' }, '2026-03-06T12:00:00Z', '2026-03-09T15:00:00Z', 30);
    assert.deepEqual(seen, ['2026-03-06T08:00:00-05:00', '2026-03-07T08:00:00-05:00', '2026-03-08T08:00:00-04:00', '2026-03-09T08:00:00-04:00']);
  });

  test('initial_version emits now even outside the window; without it nothing until the window opens', async () => {
    const c = clock('2026-03-02T03:00:00Z');
    const type = createTimeType({ now: c.now });
    const source = { start: '8:00', stop: '9:00' };
    assert.deepEqual(await type.check(resourceContext(), { source, version: null }), []);
    assert.deepEqual(await type.check(resourceContext(), { source: { ...source, initial_version: true }, version: null }), [{ time: '2026-03-02T03:00:00Z' }]);
  });

  test('bad sources are refused with time-resource messages', async () => {
    const type = createTimeType({ now: () => new Date() });
    await assert.rejects(type.check(resourceContext(), { source: { start: '8:00' }, version: null }), /both start and stop/);
    await assert.rejects(type.check(resourceContext(), { source: { start: '25:00', stop: '1:00' }, version: null }), /invalid time format: 25:00/);
    await assert.rejects(type.check(resourceContext(), { source: { days: ['Funday'] }, version: null }), /unknown weekday: Funday/);
    await assert.rejects(type.check(resourceContext(), { source: { location: 'Mars/Olympus' }, version: null }), /unknown time zone Mars\/Olympus/);
    await assert.rejects(type.check(resourceContext(), { source: { interval: 'often' }, version: null }), /invalid duration "often"/);
  });
});

describe('time in/out', () => {
  const dir = tempDir();
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('in writes input, timestamp and epoch; out returns now in the location', async () => {
    const type = createTimeType({ now: () => new Date('2026-05-01T12:34:56Z') });
    const version = { time: '2026-05-01T14:00:00+02:00' };
    const res = await type.in(resourceContext(), dir, { source: { location: 'Europe/Paris' }, version, params: {} });
    assert.deepEqual(res.version, version);
    assert.equal(readFileSync(join(dir, 'epoch'), 'utf8'), String(Date.UTC(2026, 4, 1, 12) / 1000));
    assert.match(readFileSync(join(dir, 'timestamp'), 'utf8'), /^2026-05-01 14:00:00 \+0200 /);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'input'), 'utf8')).version, version);
    const out = await type.out(resourceContext(), putInputs({}), { source: { location: 'Europe/Paris' }, params: {} });
    assert.deepEqual(out.version, { time: '2026-05-01T14:34:56+02:00' });
  });
});
