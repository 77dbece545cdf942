// The web node's two heavy API calls, each next to a bare GET /api/v1/info measured
// in the same run (same node, same process, interleaved), on PGlite and on a real
// PostgreSQL server:
// - set-pipeline: PUT .../config of a generated 1,000-job / 1,000-resource pipeline
//   (a new pipeline each run: parse, validate, store config, jobs and resources),
//   and the same PUT changing one job of an existing pipeline (the update path);
// - listing 1,000 pipelines: GET /api/v1/pipelines as an admin.
// Reported: p50 of several runs and the ratio to the info baseline's p50.
// Run: node --import tsx bench/web-node.ts [--quick] [--runs N] [--only pglite|postgres]
import { rmSync } from 'node:fs';
import { startTestWebNode, tokenFor, type TestWebNode } from '../test/testkit/web-node';
import { freshDatabase } from '../test/testkit/postgres';
import { median, ms } from './lib/stats';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const quick = process.argv.includes('--quick');
const RUNS = flag('runs', quick ? 3 : 7);
const SIZE = flag('size', quick ? 200 : 1000);
const PIPELINES = flag('pipelines', quick ? 200 : 1000);
const INFO_SAMPLES = 15;

/** A pipeline of `n` resources and `n` jobs, job i getting resource i (and i-1, passed). */
export function bigPipeline(n: number, tag = 'a'): string {
  const lines = ['resources:'];
  for (let i = 0; i < n; i++) lines.push(`- name: r${i}`, '  type: mock', `  source: {initial_version: v${i}}`);
  lines.push('jobs:');
  for (let i = 0; i < n; i++) {
    lines.push(`- name: j${i}`, '  plan:', `  - get: r${i}`, '    trigger: true');
    if (i > 0) lines.push(`  - get: r${i - 1}`, `    passed: [j${i - 1}]`);
    lines.push('  - task: t', '    config:', '      platform: linux', '      image_resource: {type: mock, source: {mirror_self: true}}',
      `      run: {path: echo, args: [${i === 0 ? tag : 'b'}]}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * fetch, once more when a kept-alive socket was closed by the server's idle timeout just as
 * it was reused (ECONNRESET before any answer; likely on a loaded machine).
 */
async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw e;
    return fetch(url, init);
  }
}

const SMALL = 'jobs:\n- name: job\n  plan:\n  - task: t\n    config: {platform: linux, run: {path: echo}}\n';

interface Timed { p50: number; info: number; ratio: number }

async function main(): Promise<void> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const stores = (['pglite', 'postgres'] as const).filter((s) => !only || s === only);
  for (const store of stores) {
    const node = store === 'pglite'
      ? await startTestWebNode({ pglite: true, localUsers: [{ username: 'admin', password: 'admin' }], mainTeamUsers: ['admin'] })
      : await startTestWebNode({ postgresUrl: await freshDatabase(), localUsers: [{ username: 'admin', password: 'admin' }], mainTeamUsers: ['admin'] });
    try {
      const r = await benchNode(node);
      const line = (what: string, t: Timed) => console.log(`${store.padEnd(8)} ${what.padEnd(44)} p50 ${ms(t.p50).padStart(10)}  info p50 ${ms(t.info).padStart(8)}  ratio ${t.ratio.toFixed(0)}x`);
      line(`set-pipeline, new ${SIZE} jobs/${SIZE} resources`, r.create);
      line(`set-pipeline, 1 job changed of ${SIZE}`, r.update);
      line(`GET /api/v1/pipelines (${PIPELINES} pipelines)`, r.list);
    } finally {
      await node.close();
      if (node.dataDir) rmSync(node.dataDir, { recursive: true, force: true });
    }
  }
}

async function benchNode(node: TestWebNode): Promise<{ create: Timed; update: Timed; list: Timed }> {
  const token = await tokenFor(node.url, 'admin', 'admin');
  const call = async (method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Response> => {
    const res = await send(`${node.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/x-yaml' } : {}), ...headers },
      body,
    });
    await res.arrayBuffer();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status}`);
    return res;
  };
  const time = async (fn: () => Promise<unknown>): Promise<number> => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  const infos: number[] = [];
  const baseline = async (): Promise<void> => {
    for (let i = 0; i < INFO_SAMPLES; i++) infos.push(await time(() => call('GET', '/api/v1/info')));
  };
  const timed = (samples: number[], from: number): Timed => {
    const info = median(infos.slice(from));
    return { p50: median(samples), info, ratio: median(samples) / info };
  };
  const big = bigPipeline(SIZE);
  const changed = bigPipeline(SIZE, 'changed');
  await call('PUT', '/api/v1/teams/main/pipelines/warmup/config', big);

  const create: number[] = [];
  const update: number[] = [];
  let from = infos.length;
  for (let run = 0; run < RUNS; run++) {
    await baseline();
    create.push(await time(() => call('PUT', `/api/v1/teams/main/pipelines/big-${run}/config`, big)));
  }
  const createTimed = timed(create, from);
  from = infos.length;
  for (let run = 0; run < RUNS; run++) {
    await baseline();
    const res = await send(`${node.url}/api/v1/teams/main/pipelines/big-0/config`, { headers: { Authorization: `Bearer ${token}` } });
    const version = res.headers.get('x-concourse-config-version')!;
    await res.arrayBuffer();
    update.push(await time(() => call('PUT', '/api/v1/teams/main/pipelines/big-0/config', run % 2 ? big : changed, { 'X-Concourse-Config-Version': version })));
  }
  const updateTimed = timed(update, from);

  // Fill up to PIPELINES pipelines in total, a few saves at a time.
  const have = RUNS + 1;
  const names = Array.from({ length: Math.max(0, PIPELINES - have) }, (_, i) => `p-${i}`);
  for (let i = 0; i < names.length; i += 8) {
    await Promise.all(names.slice(i, i + 8).map((n) => call('PUT', `/api/v1/teams/main/pipelines/${n}/config`, SMALL)));
  }
  const listed = await (await send(`${node.url}/api/v1/pipelines`, { headers: { Authorization: `Bearer ${token}` } })).json() as unknown[];
  if (listed.length !== PIPELINES) throw new Error(`expected ${PIPELINES} pipelines, listed ${listed.length}`);
  const list: number[] = [];
  from = infos.length;
  await call('GET', '/api/v1/pipelines');
  for (let run = 0; run < RUNS; run++) {
    await baseline();
    list.push(await time(() => call('GET', '/api/v1/pipelines')));
  }
  return { create: createTimed, update: updateTimed, list: timed(list, from) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
  // PGlite and pg pools may keep the loop alive a moment after close.
  process.exit(0);
}
