// across: the sub-step once per combination of the vars' values, crossed as
// Concourse crosses them (the last var varies fastest). Each var runs its values
// with its own max_in_flight, nested: the first var's values run side by side,
// each running the second var's values, and so on. Every combination gets its
// own scope of local vars (`((.:var))`) and artifacts, and its own plan ids
// (`<across id>/<n>/<template id>`), announced in an `across-substeps` event.
import { prefixPlanIds, type Plan } from '../../core/planner';
import type { BuildRun, Scope } from '../build-run';
import type { StepOutcome } from '../outcome';
import { reportErrors } from '../leaf';
import { runPool } from '../pool';
import type { RunPlan } from '../run-plan';

interface ResolvedVar {
  name: string;
  values: unknown[];
  maxInFlight: number;
}

export async function runAcross(plan: Plan, scope: Scope, run: BuildRun, runPlan: RunPlan): Promise<StepOutcome> {
  const across = plan.across!;
  const origin = { id: plan.id };
  run.emitter.emit('initialize', { origin });
  run.emitter.emit('start', { origin });
  const vars = reportErrors(plan.id, run, () => resolveVars(plan, scope, run));
  for (const v of vars) {
    if (scope.vars.get(v.name).found) run.say(plan.id, `\x1b[1;33mWARNING: across step shadows local var '${v.name}'\x1b[0m\n`);
  }
  const combos = crossed(vars.map((v) => v.values.length));
  const substeps = combos.map((indices, n) => ({
    step: prefixPlanIds(across.substep_template, `${plan.id}/${n}/`),
    values: indices.map((index, i) => (vars[i] as ResolvedVar).values[index]),
  }));
  run.emitter.emit('across-substeps', { origin, substeps });
  const perValue = (depth: number) => vars.slice(depth + 1).reduce((acc, v) => acc * v.values.length, 1);

  const level = (depth: number, first: number, signal: AbortSignal): Promise<StepOutcome> => {
    if (depth === vars.length) {
      const substep = substeps[first]!;
      const child: Scope = { signal, vars: scope.vars.child(), artifacts: scope.artifacts.child() };
      vars.forEach((v, i) => child.vars.set(v.name, substep.values[i]));
      return runPlan(substep.step, child, run);
    }
    const current = vars[depth] as ResolvedVar;
    const positions = current.values.map((_, i) => i);
    return runPool(positions, current.maxInFlight, across.fail_fast === true, signal, (i, s) =>
      level(depth + 1, first + i * perValue(depth), s));
  };
  const outcome = await level(0, 0, scope.signal);
  run.emitter.emit('finish', { origin, succeeded: outcome === 'succeeded' });
  return outcome;
}

function resolveVars(plan: Plan, scope: Scope, run: BuildRun): ResolvedVar[] {
  return plan.across!.vars.map((v) => {
    const values = run.interpolate(v.values, scope);
    if (!Array.isArray(values)) throw new Error(`across var '${v.name}': values must be a list, not ${JSON.stringify(values)}`);
    const max = run.interpolate(v.max_in_flight, scope);
    return { name: v.name, values, maxInFlight: max === 'all' ? values.length : Number(max) };
  });
}

/** Index tuples of every combination, the last position varying fastest. */
function crossed(sizes: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const size of sizes) out = out.flatMap((prefix) => Array.from({ length: size }, (_, i) => [...prefix, i]));
  return out;
}
