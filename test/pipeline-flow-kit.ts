// Helpers for the pipeline flow tests: a real web node on PGlite (or PostgreSQL) with the
// in-process runc worker, an admin client, pipelines set and unpaused over the API, and
// waiting for builds to reach a state.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, startTestWebNode, tokenFor, type Client, type TestWebNode } from './testkit/web-node';
import type { Build as ApiBuild } from '../src/protocol';

export interface FlowNode {
  node: TestWebNode;
  api: Client;
  url: string;
  token: string;
  close(): Promise<void>;
}

/** On PGlite (quickstart's store) unless `postgres` (a fresh database of the test server) or a URL is given. */
export async function startFlowNode(opts: { postgresUrl?: string; postgres?: boolean } = {}): Promise<FlowNode> {
  const workerDir = mkdtempSync(join(tmpdir(), 'gantry-flow-worker-'));
  const node = await startTestWebNode({
    workerDir,
    localUsers: [{ username: 'admin', password: 'admin' }],
    mainTeamUsers: ['admin'],
    ...(opts.postgresUrl ? { postgresUrl: opts.postgresUrl } : {}),
    pglite: !opts.postgresUrl && !opts.postgres,
  });
  const token = await tokenFor(node.url, 'admin', 'admin');
  return {
    node, token, url: node.url, api: client(node.url, token),
    async close() {
      await node.close();
      removeWorkerDir(workerDir);
    },
  };
}

/** Kept volumes stay overlay-mounted after the worker stops (they survive restarts): unmount first. */
function removeWorkerDir(dir: string): void {
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1] ?? '').filter((m) => m.startsWith(`${dir}/`));
  for (const m of mounts.sort().reverse()) {
    try {
      execFileSync('umount', ['-l', m]);
    } catch {
      /* already gone */
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

export const P = (name: string): string => `/api/v1/teams/main/pipelines/${name}`;

/** Saves the pipeline (YAML) and unpauses it. */
export async function setPipeline(f: FlowNode, name: string, yaml: string): Promise<void> {
  const current = await f.api.req('GET', `${P(name)}/config`);
  const version = current.headers.get('X-Concourse-Config-Version') ?? '0';
  const res = await f.api.req('PUT', `${P(name)}/config`, yaml, { 'X-Concourse-Config-Version': version });
  if (res.status >= 300) throw new Error(`set pipeline ${name}: ${res.status} ${await res.text()}`);
  const up = await f.api.req('PUT', `${P(name)}/unpause`);
  if (up.status >= 300) throw new Error(`unpause ${name}: ${up.status} ${await up.text()}`);
}

export async function jobBuilds(f: FlowNode, pipeline: string, job: string): Promise<ApiBuild[]> {
  const r = await f.api.json<ApiBuild[]>('GET', `${P(pipeline)}/jobs/${job}/builds?limit=100`);
  if (r.status !== 200) throw new Error(`builds of ${job}: ${r.status}`);
  return r.body.slice().reverse();
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

const FINISHED = new Set(['succeeded', 'failed', 'errored', 'aborted']);

/** Waits until the job has `count` finished builds; returns all its builds, oldest first. */
export async function waitForFinished(f: FlowNode, pipeline: string, job: string, count: number, timeoutMs = 120_000): Promise<ApiBuild[]> {
  try {
    return await waitFor(`${count} finished builds of ${job}`, async () => {
      const all = await jobBuilds(f, pipeline, job);
      return all.filter((b) => FINISHED.has(b.status)).length >= count ? all : undefined;
    }, timeoutMs);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${await explain(f, pipeline)}`);
  }
}

/** What a timed-out wait shows: every job's builds and scheduler sentence, and the node's log. */
async function explain(f: FlowNode, pipeline: string): Promise<string> {
  const out: string[] = [];
  try {
    const jobs = await f.api.json<{ name: string; gantry_status?: unknown }[]>('GET', `${P(pipeline)}/jobs`);
    for (const j of jobs.body) {
      const builds = await jobBuilds(f, pipeline, j.name);
      out.push(`job ${j.name}: builds [${builds.map((b) => `${b.name}:${b.status}`).join(' ')}] status ${JSON.stringify(j.gantry_status)}`);
    }
  } catch (err) {
    out.push(`(cannot list jobs: ${String(err)})`);
  }
  out.push('node log (last lines):', ...f.node.recentLog().slice(-40));
  return out.join('\n');
}

/** The version (e.g. {ref}) each build used for an input, by build name. */
export async function inputVersions(f: FlowNode, builds: ApiBuild[], input: string): Promise<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {};
  for (const b of builds) {
    const inputs = await f.node.store.builds.inputs(b.id);
    out[b.name] = inputs.find((i) => i.name === input)?.version.ref;
  }
  return out;
}

/** A task that runs busybox `sh -c SCRIPT` from the mock resource's mirrored image. */
export function shTask(name: string, script = 'true', inputs: string[] = []): string {
  return [
    `  - task: ${name}`,
    '    config:',
    '      platform: linux',
    '      image_resource: {type: mock, source: {mirror_self: true}}',
    ...(inputs.length > 0 ? [`      inputs: [${inputs.map((i) => `{name: ${i}}`).join(', ')}]`] : []),
    `      run: {path: sh, args: [-c, ${JSON.stringify(script)}]}`,
  ].join('\n');
}

/** GET one job; `gantry_status` is the scheduler's sentence. */
export async function getJob(f: FlowNode, pipeline: string, job: string): Promise<{ gantry_status?: { reason: string; inputs?: Record<string, string> } }> {
  return (await f.api.json<{ gantry_status?: { reason: string } }>('GET', `${P(pipeline)}/jobs/${job}`)).body;
}

/** Ids of the versions of a resource by ref, newest first. */
export async function versionIds(f: FlowNode, pipeline: string, resource: string): Promise<Map<string, number>> {
  const r = await f.api.json<{ id: number; version: { ref: string } }[]>('GET', `${P(pipeline)}/resources/${resource}/versions?limit=100`);
  return new Map(r.body.map((v) => [v.version.ref, v.id]));
}

export async function checkResource(f: FlowNode, pipeline: string, resource: string): Promise<{ status: string; check_error?: string }> {
  const r = await f.api.json<{ status: string; check_error?: string }>('POST', `${P(pipeline)}/resources/${resource}/check`, {});
  if (r.status !== 201) throw new Error(`check ${resource}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
