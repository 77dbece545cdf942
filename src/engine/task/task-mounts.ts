// Where a task's inputs, outputs and caches go: under /tmp/build/<id>/ as
// Concourse lays them out, each input as a copy-on-write child of its artifact
// so the task can write into it without touching the original (a cached get).
import type { TaskConfig } from '../../core/config';
import type { TaskPlan } from '../../core/planner';
import type { EngineWorker } from '../../ports/engine-ports';
import type { ContainerMount } from '../../ports/worker-runtime';
import { volumeOn } from '../artifacts';
import type { BuildRun, Scope } from '../build-run';

export interface TaskMounts {
  mounts: ContainerMount[];
  /** Output name (task's) → volume, to register as artifacts after the run. */
  outputs: { name: string; volume: string }[];
}

export function inside(buildDir: string, path: string): string {
  const clean = path.replace(/^\.\/?/, '').replace(/\/+$/, '');
  return clean === '' ? buildDir : `${buildDir}/${clean}`;
}

export async function prepareMounts(
  task: TaskPlan, config: TaskConfig, worker: EngineWorker, buildDir: string, scope: Scope, run: BuildRun,
): Promise<TaskMounts> {
  const volumes = worker.runtime.volumes;
  const mounts: ContainerMount[] = [];
  const missing: string[] = [];
  for (const input of config.inputs ?? []) {
    const artifactName = task.input_mapping?.[input.name] ?? input.name;
    const location = scope.artifacts.lookup(artifactName);
    if (!location) {
      if (input.optional !== true) missing.push(input.name);
      continue;
    }
    const source = await volumeOn(location, worker, run.deps.workers, run.tracker);
    const child = await volumes.createChild(source, { properties: { 'gantry.input-of': task.name } });
    run.tracker.track({ worker: worker.name, volume: child.handle });
    mounts.push({ volume: child.handle, destination: inside(buildDir, input.path ?? input.name) });
  }
  if (missing.length > 0) throw new Error(`missing inputs: ${missing.join(', ')}`);
  const outputs: TaskMounts['outputs'] = [];
  for (const output of config.outputs ?? []) {
    const destination = inside(buildDir, output.path ?? output.name);
    // An output at an input's path is that input's copy, changes and all (as Concourse does).
    const asInput = mounts.find((m) => m.destination === destination);
    if (asInput) {
      outputs.push({ name: output.name, volume: asInput.volume });
      continue;
    }
    const volume = await volumes.create({ properties: { 'gantry.output-of': task.name } });
    run.tracker.track({ worker: worker.name, volume: volume.handle });
    mounts.push({ volume: volume.handle, destination });
    outputs.push({ name: output.name, volume: volume.handle });
  }
  for (const cache of config.caches ?? []) {
    mounts.push({ volume: await cacheVolume(task, cache.path, worker, run), destination: inside(buildDir, cache.path) });
  }
  mounts.sort((a, b) => a.destination.length - b.destination.length);
  return { mounts, outputs };
}

/** A cache lives on the worker across builds, keyed by job, step and path; one-off builds get a throwaway one. */
async function cacheVolume(task: TaskPlan, path: string, worker: EngineWorker, run: BuildRun): Promise<string> {
  const volumes = worker.runtime.volumes;
  if (!task.cache_key) {
    const fresh = await volumes.create();
    run.tracker.track({ worker: worker.name, volume: fresh.handle });
    return fresh.handle;
  }
  const key = `${run.options.build.teamName}/${task.cache_key}:${path}`;
  const existing = volumes.list().find((v) => v.properties['gantry.task-cache'] === key);
  if (existing) return existing.handle;
  // The combinations of an `across` (or parallel steps) ask at the same instant: one creates
  // the cache, the others wait for it, or each would get a cache of its own.
  let creating = cachesBeingCreated.get(volumes);
  if (!creating) cachesBeingCreated.set(volumes, creating = new Map());
  const running = creating.get(key);
  if (running) return running;
  const made = volumes.create({ properties: { 'gantry.task-cache': key } }).then((v) => v.handle)
    .finally(() => creating.delete(key));
  creating.set(key, made);
  return made;
}

/** Task caches being created, per worker's volumes and cache key. */
const cachesBeingCreated = new WeakMap<object, Map<string, Promise<string>>>();
