// The task's root filesystem: an `image:` artifact (rootfs/ + metadata.json, as
// Concourse's image resources lay it out), `rootfs_uri: raw:///path` (a
// directory on the worker), or `image_resource` fetched by the resource runner.
import type { TaskConfig } from '../../core/config';
import type { TaskPlan } from '../../core/planner';
import type { EngineWorker } from '../../ports/engine-ports';
import type { RootfsSource } from '../../ports/worker-runtime';
import { readArtifactFile } from '../artifact-files';
import { volumeOn } from '../artifacts';
import type { BuildRun, Scope } from '../build-run';
import { scriptMetadata, typeSpecs } from '../steps/resource-call';

export interface TaskImage {
  rootfs: RootfsSource;
  env: Record<string, string>;
  user?: string;
}

export async function resolveImage(
  task: TaskPlan, config: TaskConfig, worker: EngineWorker, scope: Scope, run: BuildRun, origin: string,
): Promise<TaskImage> {
  if (task.image) return imageArtifact(task.image, worker, scope, run);
  const uri = config.rootfs_uri;
  if (uri) {
    if (!uri.startsWith('raw://')) throw new Error(`unsupported rootfs_uri: ${uri} (only raw:///path is supported)`);
    return { rootfs: { path: uri.slice('raw://'.length) }, env: {} };
  }
  if (config.image_resource) {
    const log = run.log(origin, 'stderr');
    try {
      const image = config.image_resource;
      const fetched = await worker.resources.fetchImage(
        {
          type: image.type, source: image.source as Record<string, unknown>,
          ...(image.params ? { params: image.params as Record<string, unknown> } : {}),
          ...(image.version ? { version: image.version } : {}),
        },
        { resourceTypes: typeSpecs(task.resource_types), metadata: scriptMetadata(run), signal: scope.signal, output: (c) => log.write(c) },
      );
      return { rootfs: fetched.rootfs, env: fetched.env, ...(fetched.user ? { user: fetched.user } : {}) };
    } finally {
      log.end();
    }
  }
  throw new Error(`task ${task.name} has no image: give image_resource, rootfs_uri or image`);
}

async function imageArtifact(name: string, worker: EngineWorker, scope: Scope, run: BuildRun): Promise<TaskImage> {
  const location = scope.artifacts.lookup(name);
  if (!location) throw new Error(`image artifact '${name}' not found`);
  const volume = await volumeOn(location, worker, run.deps.workers, run.tracker);
  const info = worker.runtime.volumes.lookup(volume);
  if (!info) throw new Error(`image artifact '${name}' has no volume on ${worker.name}`);
  const metadata = await readMetadata(run, scope, name);
  return { rootfs: { path: `${info.path}/rootfs` }, ...metadata };
}

async function readMetadata(run: BuildRun, scope: Scope, name: string): Promise<{ env: Record<string, string>; user?: string }> {
  let parsed: { env?: unknown; user?: unknown };
  try {
    parsed = JSON.parse((await readArtifactFile(run, scope, `${name}/metadata.json`)).toString('utf8')) as typeof parsed;
  } catch {
    return { env: {} };
  }
  const env: Record<string, string> = {};
  for (const line of Array.isArray(parsed.env) ? parsed.env : []) {
    if (typeof line !== 'string') continue;
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return { env, ...(typeof parsed.user === 'string' && parsed.user !== '' ? { user: parsed.user } : {}) };
}
