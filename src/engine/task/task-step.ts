// task: runs the task config in a container on a worker picked by tags. Events
// as Concourse sends them: initialize-task, selected-worker, start-task, log,
// finish-task (exit_status). Outputs become artifacts (output_mapping applied)
// whatever the exit status, so hooks can read them.
import { randomBytes } from 'node:crypto';
import { parseMemoryLimit } from '../../core/config';
import type { Plan, TaskPlan } from '../../core/planner';
import type { ContainerLimits } from '../../ports/worker-runtime';
import type { BuildRun, Scope } from '../build-run';
import { runLeaf } from '../leaf';
import { StepAborted, type StepOutcome } from '../outcome';
import { eventTaskConfig, loadTaskConfig, paramsEnv } from './task-config';
import { resolveImage } from './task-image';
import { inside, prepareMounts } from './task-mounts';
import { runContainer } from './task-process';

export function runTask(plan: Plan, scope: Scope, run: BuildRun): Promise<StepOutcome> {
  return runLeaf(plan, scope, run, async () => {
    const task = run.interpolate(plan.task!, scope);
    const origin = { id: plan.id };
    const config = await loadTaskConfig(task, scope, run);
    const shown = eventTaskConfig(config);
    run.emitter.emit('initialize-task', { origin, config: shown });
    const worker = await run.pickWorker(plan.id, { ...(task.tags ? { tags: task.tags } : {}), purpose: 'task' });
    const image = await resolveImage(task, config, worker, scope, run, plan.id);
    const buildDir = `/tmp/build/${randomBytes(4).toString('hex')}`;
    const { mounts, outputs } = await prepareMounts(task, config, worker, buildDir, scope, run);
    const user = config.run.user ?? image.user;
    const container = await worker.runtime.create({
      rootfs: image.rootfs,
      path: config.run.path,
      args: config.run.args ?? [],
      env: { ...image.env, ...paramsEnv(config.params as Record<string, unknown> | undefined) },
      dir: inside(buildDir, config.run.dir ?? ''),
      ...(user ? { user } : {}),
      mounts,
      limits: limitsOf(task, config.container_limits),
      privileged: task.privileged === true,
      hermetic: task.hermetic === true,
      properties: { 'gantry.build': String(run.options.build.buildId ?? ''), 'gantry.step': task.name, 'gantry.plan': plan.id },
    });
    let keep = run.options.keepFailedContainers === true;
    try {
      run.emitter.emit('start-task', { origin, config: shown });
      const exit = await runContainer(container, plan.id, scope.signal, run);
      for (const output of outputs) {
        scope.artifacts.register(task.output_mapping?.[output.name] ?? output.name, { worker: worker.name, volume: output.volume });
      }
      if (scope.signal.aborted) {
        keep = false;
        throw new StepAborted(scope.signal.reason);
      }
      if (exit.oomKilled) run.say(plan.id, `task was killed by the out-of-memory killer (memory limit: ${memoryText(task, config)})\n`);
      run.emitter.emit('finish-task', { origin, exit_status: exit.exitCode });
      if (exit.exitCode === 0) keep = false;
      return exit.exitCode === 0 ? 'succeeded' : 'failed';
    } finally {
      if (keep) run.keptContainers.push({ worker: worker.name, handle: container.handle });
      // Removed in the background: the next step (or the build's final status) need not wait.
      else run.removeLater(worker.runtime.destroy(container.handle, { graceMs: 0 }));
    }
  });
}

type Limits = { cpu?: number | string; memory?: number | string } | undefined;

function limitsOf(task: TaskPlan, configLimits: Limits): ContainerLimits {
  const limits = { ...(configLimits ?? {}), ...(task.container_limits ?? {}) };
  const out: ContainerLimits = {};
  if (limits.memory !== undefined && limits.memory !== 0) {
    const bytes = parseMemoryLimit(limits.memory);
    if (bytes === undefined) throw new Error(`invalid memory limit: ${limits.memory}`);
    out.memoryBytes = bytes;
  }
  if (limits.cpu !== undefined && Number(limits.cpu) !== 0) out.cpuShares = Number(limits.cpu);
  return out;
}

function memoryText(task: TaskPlan, config: { container_limits?: Limits }): string {
  const memory = task.container_limits?.memory ?? config.container_limits?.memory;
  return memory === undefined ? 'none' : String(memory);
}
