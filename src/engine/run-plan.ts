// Runs one plan node: picks the combinator or leaf step for its key.
import { planKey, type Plan } from '../core/planner';
import type { BuildRun, Scope } from './build-run';
import type { StepOutcome } from './outcome';
import { runDo } from './steps/do';
import { runInParallel } from './steps/in-parallel';
import { runTry } from './steps/try';
import { runEnsure } from './steps/ensure';
import { runOnSuccess } from './steps/on-success';
import { runOnFailure } from './steps/on-failure';
import { runOnError } from './steps/on-error';
import { runOnAbort } from './steps/on-abort';
import { runRetry } from './steps/retry';
import { runTimeout } from './steps/timeout';
import { runAcross } from './steps/across';
import { runLoadVar } from './steps/load-var';
import { runTask } from './task/task-step';
import { runGet } from './steps/get';
import { runPut } from './steps/put';
import { runCheck } from './steps/check';
import { runSetPipeline } from './steps/set-pipeline';
import { runArtifactInput, runArtifactOutput } from './steps/artifact-io';

export type RunPlan = (plan: Plan, scope: Scope, run: BuildRun) => Promise<StepOutcome>;

export const runPlan: RunPlan = (plan, scope, run) => {
  const key = planKey(plan);
  switch (key) {
    case 'do': return runDo(plan.do!, scope, run, runPlan);
    case 'aggregate': return runInParallel({ steps: plan.aggregate! }, scope, run, runPlan, plan.id);
    case 'in_parallel': return runInParallel(plan.in_parallel!, scope, run, runPlan, plan.id);
    case 'try': return runTry(plan.try!.step, scope, run, runPlan);
    case 'ensure': return runEnsure(plan.ensure!.step, plan.ensure!.ensure, scope, run, runPlan);
    case 'on_success': return runOnSuccess(plan.on_success!.step, plan.on_success!.on_success, scope, run, runPlan);
    case 'on_failure': return runOnFailure(plan.on_failure!.step, plan.on_failure!.on_failure, scope, run, runPlan);
    case 'on_error': return runOnError(plan.on_error!.step, plan.on_error!.on_error, scope, run, runPlan);
    case 'on_abort': return runOnAbort(plan.on_abort!.step, plan.on_abort!.on_abort, scope, run, runPlan);
    case 'retry': return runRetry(plan.retry!, scope, run, runPlan);
    case 'timeout': return runTimeout(plan.timeout!, scope, run, runPlan);
    case 'across': return runAcross(plan, scope, run, runPlan);
    case 'load_var': return runLoadVar(plan, scope, run);
    case 'task': return runTask(plan, scope, run);
    case 'get': return runGet(plan, scope, run);
    case 'put': return runPut(plan, scope, run);
    case 'check': return runCheck(plan, scope, run);
    case 'set_pipeline': return runSetPipeline(plan, scope, run);
    case 'artifact_input': return runArtifactInput(plan, scope, run);
    case 'artifact_output': return runArtifactOutput(plan, scope, run);
  }
};
