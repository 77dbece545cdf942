// Shared set-up of the engine tests: a real runc worker (RuncRuntime + the
// worker's ResourceRunner) in a temp dir, an in-memory event log, volumes
// filled from the host, and job plans written as YAML.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { planJob, type Plan } from '../src/core/planner';
import { runBuild, StaticWorkerPool, type BuildOptions, type BuildResult } from '../src/engine';
import type { BuildEventSink, EngineWorker, OneOffArtifacts, PipelineSetter } from '../src/ports/engine-ports';
import type { BuildEvent } from '../src/protocol/build-events';
import { WorkerResourceRunner } from '../src/resources';
import { RuncRuntime } from '../src/worker';
import { busyboxRootfs } from './testkit/busybox-rootfs';

export interface Harness {
  rt: RuncRuntime;
  worker: EngineWorker;
  pool: StaticWorkerPool;
  close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const workDir = mkdtempSync(join(tmpdir(), 'gantry-engine-'));
  const rt = await RuncRuntime.open({ workDir, graceMs: 1000 });
  const worker: EngineWorker = { name: 'local', runtime: rt, resources: new WorkerResourceRunner({ runtime: rt }) };
  const pool = new StaticWorkerPool([{ worker }]);
  return {
    rt, worker, pool,
    async close() {
      for (const c of rt.list()) await rt.destroy(c.handle, { graceMs: 0 });
      const volumes = rt.volumes.list();
      for (const v of volumes.filter((x) => x.parent)) await rt.volumes.destroy(v.handle);
      for (const v of volumes.filter((x) => !x.parent)) await rt.volumes.destroy(v.handle);
      await rt.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export class EventLog implements BuildEventSink {
  readonly events: BuildEvent[] = [];
  emit(event: BuildEvent): void {
    this.events.push(event);
  }
  names(): string[] {
    return this.events.map((e) => e.event);
  }
  of<K extends BuildEvent['event']>(type: K): Extract<BuildEvent, { event: K }>[] {
    return this.events.filter((e): e is Extract<BuildEvent, { event: K }> => e.event === type);
  }
  /** Every log payload (of one step when `id` is given), joined. */
  text(id?: string): string {
    return this.of('log').filter((e) => id === undefined || e.data.origin.id === id).map((e) => e.data.payload).join('');
  }
  errors(): string[] {
    return this.of('error').map((e) => e.data.message);
  }
}

/** A volume holding `files` (path → content), written from the host. */
export async function filesVolume(h: Harness, files: Record<string, string>): Promise<string> {
  const volume = await h.rt.volumes.create();
  for (const [path, content] of Object.entries(files)) {
    const full = join(volume.path, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return volume.handle;
}

/** Uploaded inputs are volume handles on the one worker. */
export function oneOffArtifacts(collected: Map<string, string> = new Map()): OneOffArtifacts {
  return {
    input: async (artifactId) => ({ worker: 'local', volume: artifactId }),
    output: async (name, location) => void collected.set(name, location.volume),
  };
}

/** A job (its plan and hooks, as YAML or an object) planned, with `files` (a volume) put first as an artifact. */
export function jobPlan(config: string | object, filesVolumeHandle?: string, resources: unknown[] = []): Plan {
  const body = typeof config === 'string' ? (parseYaml(config) as object) : config;
  const job = { name: 'job', ...body } as Parameters<typeof planJob>[0];
  const plan = planJob(job, { firstId: 100, resources: resources as never });
  if (!filesVolumeHandle) return plan;
  return { id: 'root', do: [{ id: 'files', artifact_input: { artifact_id: filesVolumeHandle, name: 'files' } }, plan] };
}

/** A task step config running `script` in the busybox rootfs. */
export function task(name: string, script: string, extra: Record<string, unknown> = {}, config: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    task: name,
    config: { platform: 'linux', rootfs_uri: `raw://${busyboxRootfs()}`, run: { path: 'sh', args: ['-ec', script] }, ...config },
    ...extra,
  };
}

export interface RunOutcome extends BuildResult {
  log: EventLog;
  ms: number;
}

export async function runPlan(
  h: Harness, plan: Plan, options: Partial<BuildOptions> & { pipelines?: PipelineSetter; collected?: Map<string, string> } = {},
): Promise<RunOutcome> {
  const log = new EventLog();
  const started = Date.now();
  const { pipelines, collected, ...rest } = options;
  // A build that should take a second but runs on says where it stands (a hang is named).
  const slow = setInterval(() => {
    const containers = h.rt.list().map((c) => `${c.properties['gantry.step'] ?? c.handle}:${c.state}`);
    process.stderr.write(`engine harness: build running ${Math.round((Date.now() - started) / 1000)} s; ` +
      `events ${log.names().slice(-12).join(',')}; containers ${containers.join(' ') || 'none'}\n`);
  }, 30_000);
  try {
    const result = await runBuild(plan, {
      workers: h.pool, events: log, oneOff: oneOffArtifacts(collected), ...(pipelines ? { pipelines } : {}),
    }, { build: { teamName: 'main', buildId: 1, pipelineName: 'p', jobName: 'job' }, abortGraceMs: 1000, ...rest });
    return { ...result, log, ms: Date.now() - started };
  } finally {
    clearInterval(slow);
  }
}

/** The plan id of the first step called `name` (a task, get, load_var, ...). */
export function idOf(plan: Plan, name: string): string {
  const found = findPlan(plan, (p) => [p.task, p.get, p.put, p.load_var, p.set_pipeline].some((s) => s?.name === name));
  if (!found) throw new Error(`no step ${name} in plan`);
  return found.id;
}

function findPlan(plan: Plan, match: (p: Plan) => boolean): Plan | undefined {
  if (match(plan)) return plan;
  for (const value of Object.values(plan)) {
    const kids = collectPlans(value);
    for (const kid of kids) {
      const found = findPlan(kid, match);
      if (found) return found;
    }
  }
  return undefined;
}

function collectPlans(value: unknown): Plan[] {
  if (Array.isArray(value)) return value.flatMap(collectPlans);
  if (typeof value !== 'object' || value === null) return [];
  if (typeof (value as Plan).id === 'string') return [value as Plan];
  return Object.values(value).flatMap(collectPlans);
}

/** Names of the tasks that finished (finish-task), in order. */
export function finishedTasks(log: EventLog, plan: Plan): string[] {
  const names = new Map<string, string>();
  const visit = (p: Plan): void => {
    if (p.task) names.set(p.id, p.task.name);
    for (const kid of Object.values(p).flatMap(collectPlans)) visit(kid);
  };
  visit(plan);
  return log.of('finish-task').map((e) => {
    const id = e.data.origin.id ?? '';
    return names.get(id) ?? names.get(id.split('/').pop() ?? '') ?? id;
  });
}
