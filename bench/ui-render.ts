// Web UI render times in headless chromium, in one browser run: a static
// baseline page (plain HTML listing the same pipelines, no script) against the
// dashboard with 1,000 pipelines and a build page with a 1,000,000-line log.
// "first" = the first pipeline card / log line is in the DOM; "screen" = a screenful
// (the viewport's worth of cards / 30 log lines) is in the DOM; "ready" = every
// pipeline / the whole log is loaded; "idle" = ready and then the main thread idle
// (requestIdleCallback). "interactive" = the first moment after "screen" from which no
// long task (> 50 ms, PerformanceObserver) blocks the main thread until "idle": from
// then on, a click, scroll or keystroke is handled within 50 ms, while the rest of a
// log may still be arriving (the virtual list shows what has come). For the static
// page and the dashboard everything arrives at once, so there it is about "idle".
// The build page also gets a bare HTTP client reading the same event stream
// (first chunk, whole stream): the floor the server sets, whatever the browser does.
// Run: node --import tsx bench/ui-render.ts [--quick] [--only dashboard|build] [--profile FILE]
// (--profile writes the build page's browser CPU profile, for chrome devtools).
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { Json } from '../src/ports/store-rows';
import { client, startTestWebNode, tokenFor, type TestWebNode } from '../test/testkit/web-node';
import { launchBrowser, uiLogin } from '../test/testkit/browser';
import { emitRow } from './lib/row';
import { median, ms } from './lib/stats';

const quick = process.argv.includes('--quick');
const PIPELINES = quick ? 100 : 1000;
const LINES = quick ? 50_000 : 1_000_000;
const RUNS = quick ? 2 : 5;
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const only = arg('--only');
const profileFile = arg('--profile');

// Records when selectors first match (relative to navigation start), and long tasks.
const MARKS_SCRIPT = `
  window.__marks = {};
  window.__long = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push([e.startTime, e.startTime + e.duration]); }).observe({ type: 'longtask', buffered: true });
  const watch = { first: '[data-testid=pipeline-card], [data-testid=log-line], .static-item', ready: '[data-ready=true], [data-ended=true], body.static-done' };
  const screenful = () => document.querySelectorAll('[data-testid=log-line]').length >= 30 || document.querySelector('[data-testid=pipeline-card], .static-item') !== null;
  const check = () => {
    for (const [k, sel] of Object.entries(watch)) if (!(k in window.__marks) && document.querySelector(sel)) window.__marks[k] = performance.now();
    if (!('screen' in window.__marks) && screenful()) window.__marks.screen = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
`;

async function seedPipelines(node: TestWebNode, token: string, count: number): Promise<void> {
  const api = client(node.url, token);
  const yaml = 'jobs:\n' + ['unit', 'build', 'deploy'].map((j) => `- name: ${j}\n  plan:\n  - task: t\n    config: {platform: linux, rootfs_uri: "raw:///", run: {path: "true"}}\n`).join('');
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const res = await api.req('PUT', `/api/v1/teams/main/pipelines/p${String(i).padStart(4, '0')}/config`, yaml);
      if (res.status >= 300) throw new Error(`set p${i}: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function seedLog(node: TestWebNode): Promise<number> {
  const p = await node.store.pipelines.get({ team: 'main', name: 'p0000' });
  const job = await node.store.jobs.get(p!.id, 'unit');
  const b = await node.store.builds.createForJob(job!.id, { plan: { id: 'r', do: [{ id: 't', task: { name: 'big-log' } }] } as unknown as Json });
  await node.store.builds.start(b.id);
  const perEvent = 1000;
  const t0 = Math.floor(Date.now() / 1000);
  for (let start = 0; start < LINES; start += perEvent * 50) {
    const batch = [];
    for (let e = start; e < Math.min(LINES, start + perEvent * 50); e += perEvent) {
      let payload = '';
      for (let l = e; l < e + perEvent; l++) payload += `${l} \x1b[32mok\x1b[0m step output line with some ordinary text in it ${l % 97}\n`;
      batch.push({ type: 'log', payload: { origin: { id: 't', source: 'stdout' }, time: t0, payload } as Json });
    }
    await node.store.events.append(b.id, batch);
  }
  await node.store.events.append(b.id, [{ type: 'status', payload: { status: 'succeeded', time: t0 } }]);
  await node.store.builds.finish(b.id, 'succeeded');
  return b.id;
}

function staticServer(names: string[]): Promise<{ url: string; close(): void }> {
  const html = `<!doctype html><html><body class="static-done"><h1>main</h1>${names.map((n) => `<div class="static-item"><a href="#">${n}</a> <span>unit build deploy</span></div>`).join('')}</body></html>`;
  const server = createServer((_, res) => res.end(html));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() })));
}

interface Sample { first: number; screen: number; ready: number; idle: number; interactive: number; longTasks: number }
type Marks = { first: number; screen?: number; ready: number };

async function measure(page: Page, url: string): Promise<Sample> {
  await page.goto(url);
  await page.waitForFunction(() => 'ready' in (window as unknown as { __marks: object }).__marks, undefined, { timeout: 120_000, polling: 50 });
  const idle = await page.evaluate(() => new Promise<number>((r) => requestIdleCallback(() => r(performance.now()))));
  const { marks, long } = await page.evaluate(() => {
    const w = window as unknown as { __marks: Marks; __long: [number, number][] };
    return { marks: w.__marks, long: w.__long };
  });
  const screen = marks.screen ?? marks.ready;
  const blockedUntil = Math.max(0, ...long.filter(([, end]) => end <= idle).map(([, end]) => end));
  return { first: marks.first, screen, ready: marks.ready, idle: Math.max(idle, marks.ready), interactive: Math.max(screen, blockedUntil), longTasks: long.filter(([start]) => start >= screen && start <= idle).length };
}

async function runs(page: Page, url: string): Promise<Sample> {
  const all: Sample[] = [];
  for (let i = 0; i < RUNS; i++) all.push(await measure(page, url));
  const med = (k: keyof Sample) => median(all.map((s) => s[k]));
  return { first: med('first'), screen: med('screen'), ready: med('ready'), idle: med('idle'), interactive: med('interactive'), longTasks: med('longTasks') };
}

/** After the page is ready: time for typing into the filter / search box to show its result (`done` element's text contains `want`). */
async function inputLatency(page: Page, selector: string, text: string, done: string, want: string): Promise<number> {
  return page.evaluate(async ([sel, t, d, w]) => {
    const input = document.querySelector(sel) as HTMLInputElement;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const t0 = performance.now();
    setter.call(input, t);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    while (!document.querySelector(d)?.textContent?.includes(w)) await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t0;
  }, [selector, text, done, want] as const);
}

/** A bare HTTP client on the build's event stream: time to the first chunk and to its end. */
async function bareStream(url: string, token: string): Promise<{ first: number; whole: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' } });
  const reader = res.body!.getReader();
  let first = 0;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    first ||= performance.now() - t0;
    bytes += value.length;
  }
  return { first, whole: performance.now() - t0, bytes };
}

async function profiled<T>(page: Page, file: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!file) return fn();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  const out = await fn();
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  console.log(`browser CPU profile of the last build page load: ${file}`);
  return out;
}

const row = (name: string, s: Sample, base: Sample) =>
  `${name.padEnd(34)} first ${ms(s.first).padStart(10)}  screen ${ms(s.screen).padStart(10)}  ready ${ms(s.ready).padStart(10)}  idle ${ms(s.idle).padStart(10)}  interactive ${ms(s.interactive).padStart(10)}  (${(s.interactive / base.interactive).toFixed(1)}x baseline; long tasks after screen: ${s.longTasks})`;

async function benchDashboard(page: Page, url: string, base: Sample): Promise<Sample> {
  const dash = await runs(page, `${url}/`);
  const filter = await inputLatency(page, '[data-testid=dashboard-filter]', `p${String(PIPELINES - 1).padStart(4, '0')}`, '[data-testid=pipeline-count]', '1 of');
  console.log(row(`dashboard (${PIPELINES} pipelines)`, dash, base));
  console.log(`dashboard filter keystroke → result ${ms(filter)}`);
  return dash;
}

async function benchBuild(page: Page, url: string, token: string, buildId: number, base: Sample): Promise<Sample> {
  const streams = [];
  for (let i = 0; i < RUNS; i++) streams.push(await bareStream(`${url}/api/v1/builds/${buildId}/events`, token));
  const build = await profiled(page, profileFile, () => runs(page, `${url}/builds/${buildId}`));
  const scroll = await page.evaluate(async () => {
    const el = document.querySelector('[data-testid=log-scroll]') as HTMLElement;
    const t = performance.now();
    el.scrollTop = el.scrollHeight;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t;
  });
  const search = await inputLatency(page, '[data-testid=log-search]', 'line with some ordinary text in it 96', '[data-testid=log-search-count]', '/');
  console.log(row(`build page (${LINES.toLocaleString('en')} lines)`, build, base));
  const mb = (streams[0]!.bytes / 1e6).toFixed(1);
  console.log(`bare HTTP client on its event stream (${mb} MB): first chunk ${ms(median(streams.map((s) => s.first)))}, whole stream ${ms(median(streams.map((s) => s.whole)))}`);
  console.log(`log scroll to end ${ms(scroll)}; log search (debounce 150 ms incl.) ${ms(search)}`);
  return build;
}

async function main(): Promise<void> {
  const node = await startTestWebNode({ localUsers: [{ username: 'admin', password: 'admin' }], mainTeamUsers: ['admin'] });
  const token = await tokenFor(node.url, 'admin', 'admin');
  const t0 = performance.now();
  const pipelines = only === 'build' ? 1 : PIPELINES;
  await seedPipelines(node, token, pipelines);
  const buildId = only === 'dashboard' ? 0 : await seedLog(node);
  console.log(`seeded ${pipelines} pipelines${buildId ? ` and a ${LINES.toLocaleString('en')}-line log` : ''} in ${ms(performance.now() - t0)}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const baseline = await staticServer(Array.from({ length: PIPELINES }, (_, i) => `p${i}`));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ width: 1280, height: 800 });
    await uiLogin(page, node.url, 'admin', 'admin');
    await page.addInitScript(MARKS_SCRIPT);
    const base = await runs(page, baseline.url);
    console.log(row(`static baseline (${PIPELINES} items)`, base, base));
    const dash = only !== 'build' ? await benchDashboard(page, node.url, base) : undefined;
    const build = only !== 'dashboard' ? await benchBuild(page, node.url, token, buildId, base) : undefined;
    if (dash && build) {
      const lines = `${(LINES / 1e6).toLocaleString('en')}M`;
      emitRow({
        id: 'ui-render', what: 'headless chromium: time to interactive of the dashboard and a build page vs a static page', scale: `${PIPELINES} pipelines, ${lines} log lines, median of ${RUNS}`,
        gantry: `dashboard interactive ${ms(dash.interactive)}; build page interactive ${ms(build.interactive)} (first line ${ms(build.first)}, whole log ${ms(build.ready)})`,
        baseline: `static page interactive ${ms(base.interactive)}`,
        result: `${(dash.interactive / base.interactive).toFixed(1)}× / ${(build.interactive / base.interactive).toFixed(1)}×`,
        goal: 'both interactive < 1 s', met: dash.interactive < 1000 && build.interactive < 1000,
      });
    }
    console.log(`load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await browser.close();
    baseline.close();
    await node.close();
  }
}

await main();
