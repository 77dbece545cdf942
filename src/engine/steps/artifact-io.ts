// One-off builds (`gantry execute`): artifact_input registers an uploaded
// directory as an artifact; artifact_output hands a task output to the client.
import type { Plan } from '../../core/planner';
import type { BuildRun, Scope } from '../build-run';
import { runLeaf } from '../leaf';
import type { StepOutcome } from '../outcome';

export function runArtifactInput(plan: Plan, scope: Scope, run: BuildRun): Promise<StepOutcome> {
  return runLeaf(plan, scope, run, async () => {
    const oneOff = run.deps.oneOff;
    if (!oneOff) throw new Error('uploaded inputs are only available in one-off builds');
    const { artifact_id, name } = plan.artifact_input!;
    scope.artifacts.register(name, await oneOff.input(artifact_id));
    return 'succeeded';
  });
}

export function runArtifactOutput(plan: Plan, scope: Scope, run: BuildRun): Promise<StepOutcome> {
  return runLeaf(plan, scope, run, async () => {
    const oneOff = run.deps.oneOff;
    if (!oneOff) throw new Error('outputs can only be collected in one-off builds');
    const { name } = plan.artifact_output!;
    const location = scope.artifacts.lookup(name);
    if (!location) throw new Error(`missing output: ${name}`);
    await oneOff.output(name, location);
    return 'succeeded';
  });
}
