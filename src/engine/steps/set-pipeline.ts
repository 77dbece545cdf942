// set_pipeline: reads a pipeline file (and var files) from artifacts and saves
// it through the PipelineSetter port; `self` is the build's own pipeline.
import { parse as parseYaml } from 'yaml';
import type { Plan } from '../../core/planner';
import { readArtifactFile } from '../artifact-files';
import type { BuildRun, Scope } from '../build-run';
import { runLeaf } from '../leaf';
import type { StepOutcome } from '../outcome';

export function runSetPipeline(plan: Plan, scope: Scope, run: BuildRun): Promise<StepOutcome> {
  return runLeaf(plan, scope, run, async () => {
    const step = run.interpolate(plan.set_pipeline!, scope);
    const origin = { id: plan.id };
    run.emitter.emit('initialize', { origin });
    run.emitter.emit('start', { origin });
    const setter = run.deps.pipelines;
    if (!setter) throw new Error('set_pipeline is not available in this build');
    const build = run.options.build;
    const self = step.name === 'self';
    if (self && !build.pipelineName) throw new Error('set_pipeline: self can only be used in a pipeline build');
    const pipeline = self ? (build.pipelineName as string) : step.name;
    const team = step.team ?? build.teamName;
    const configText = (await readArtifactFile(run, scope, step.file)).toString('utf8');
    const vars: Record<string, unknown>[] = [];
    for (const file of step.var_files ?? []) {
      const parsed: unknown = parseYaml((await readArtifactFile(run, scope, file)).toString('utf8'), { version: '1.1' });
      vars.push(typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {});
    }
    if (step.vars) vars.push(step.vars);
    const instanceVars = self ? build.pipelineInstanceVars : step.instance_vars;
    run.say(plan.id, `setting pipeline: ${pipeline}\n`, 'stdout');
    const { changed } = await setter.set({
      team, pipeline, configText, vars, fromTeam: build.teamName,
      ...(instanceVars ? { instanceVars } : {}),
      ...(build.pipelineName ? { fromPipeline: build.pipelineName } : {}),
      ...(build.jobName ? { fromJob: build.jobName } : {}),
      ...(build.buildId !== undefined ? { fromBuildId: build.buildId } : {}),
    });
    run.emitter.emit('set-pipeline-changed', { origin, changed });
    run.say(plan.id, changed ? 'done\n' : 'no changes to apply\n', 'stdout');
    run.emitter.emit('finish', { origin, succeeded: true });
    return 'succeeded';
  });
}
