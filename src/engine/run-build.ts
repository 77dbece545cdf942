// Runs a whole build: `status: started`, the plan tree, the final status
// (succeeded, failed, errored or aborted), then removes the build's containers and volumes
// (after the final status is stored, so a watcher hears the end without waiting for them).
import type { Plan } from '../core/planner';
import type { BuildStatus } from '../protocol/api';
import type { ArtifactLocation } from './artifacts';
import { BuildRun } from './build-run';
import type { BuildOptions, EngineDeps } from './engine-deps';
import { messageOf } from './leaf';
import { BuildAborted, ReportedError, settle } from './outcome';
import { runPlan } from './run-plan';

export interface BuildResult {
  status: Extract<BuildStatus, 'succeeded' | 'failed' | 'errored' | 'aborted'>;
  /** The build's top-level artifacts (only useful with keepVolumes). */
  artifacts: Map<string, ArtifactLocation>;
  /** What was left behind (keepVolumes, or failed containers kept for intercept) for the caller to remove. */
  retained: { containers: { worker: string; handle: string }[]; volumes: ArtifactLocation[] };
  /** Ends when the build's containers and volumes are removed (already ended unless
   *  options.deferCleanup). */
  cleanup: Promise<void>;
}

export async function runBuild(plan: Plan, deps: EngineDeps, options: BuildOptions): Promise<BuildResult> {
  const run = new BuildRun(deps, options);
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(new BuildAborted());
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const scope = run.rootScope(controller.signal);
  run.emitter.emit('status', { status: 'started' });
  const result = await settle(() => runPlan(plan, scope, run));
  options.signal?.removeEventListener('abort', onAbort);
  let status: BuildResult['status'];
  if (result.kind === 'outcome') status = result.outcome;
  else if (result.kind === 'aborted') status = 'aborted';
  else {
    status = 'errored';
    if (!(result.error instanceof ReportedError)) run.emitter.emit('error', { message: messageOf(result.error), origin: {} });
  }
  run.emitter.emit('status', { status });
  const retain = options.keepVolumes === true || run.keptContainers.length > 0;
  const retained = { containers: [...run.keptContainers], volumes: retain ? run.tracker.list() : [] };
  await run.emitter.flush();
  // Containers first: a volume goes once nothing has it mounted.
  const cleanup = run.removalsDone().then(() => (retain ? undefined : run.tracker.removeAll(deps.workers)));
  if (!options.deferCleanup) await cleanup;
  return { status, artifacts: scope.artifacts.all(), retained, cleanup };
}
