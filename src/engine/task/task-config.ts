// The task's effective config: inline, or read from an artifact (`file:`) with
// the step's `vars` applied first; checked as `validate-pipeline` checks task
// configs; the step's params override the config's.
import { parse as parseYaml } from 'yaml';
import { formatDiagnostic, hasErrors, validateTaskConfig, type TaskConfig } from '../../core/config';
import type { TaskPlan } from '../../core/planner';
import { staticVars } from '../../core/vars';
import type { EventTaskConfig } from '../../protocol/build-events';
import { readArtifactFile } from '../artifact-files';
import type { BuildRun, Scope } from '../build-run';

export async function loadTaskConfig(task: TaskPlan, scope: Scope, run: BuildRun): Promise<TaskConfig> {
  let raw: unknown = task.config;
  const file = task.config_path ?? `task ${task.name}`;
  if (task.config_path) {
    const text = (await readArtifactFile(run, scope, task.config_path)).toString('utf8');
    raw = run.interpolate(parseYaml(text, { version: '1.1' }) as unknown, scope, staticVars(task.vars ?? {}));
  }
  if (raw === undefined) throw new Error(`task ${task.name} has neither config nor file`);
  const { config, diagnostics } = validateTaskConfig(raw, { file });
  if (!config || hasErrors(diagnostics)) {
    throw new Error(`invalid task configuration:\n${diagnostics.map(formatDiagnostic).join('\n')}`);
  }
  if (!task.params) return config;
  return { ...config, params: { ...(config.params ?? {}), ...task.params } };
}

/** Params as environment variables: strings as they are, anything else as JSON. */
export function paramsEnv(params: Record<string, unknown> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === null || value === undefined) continue;
    env[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return env;
}

/** What initialize-task and start-task show of the config (Concourse's shadow of it). */
export function eventTaskConfig(config: TaskConfig): EventTaskConfig {
  return {
    platform: config.platform,
    image: config.rootfs_uri ?? '',
    run: { path: config.run.path, args: config.run.args ?? [], dir: config.run.dir ?? '' },
    inputs: (config.inputs ?? []).map((i) => ({ name: i.name, path: i.path ?? '' })),
  };
}
