// across: the sub-step once per combination of the vars' values, crossed as
// Concourse crosses them (the last var varies fastest). Each var runs its values
// with its own max_in_flight, nested: the first var's values run side by side,
// each running the second var's values, and so on. Every combination gets its
// own scope of local vars (`((.:var))`) and artifacts, and its own plan ids
// (`<across id>/<n>/<template id>`).
import { prefixPlanIds, type Plan } from '../../core/planner';
import type { BuildRun, Scope } from '../build-run';
import type { StepOutcome } from '../outcome';
import { runPool } from '../pool';
import type { RunPlan } from '../run-plan';

interface ResolvedVar {
  name: string;
  values: unknown[];
  maxInFlight: number;
}

export async function runAcross(plan: Plan, scope: Scope, run: BuildRun, runPlan: RunPlan): Promise<StepOutcome> {
  const across = plan.across!;
  const vars: ResolvedVar[] = across.vars.map((v) => {
    const values = run.interpolate(v.values, scope);
    if (!Array.isArray(values)) throw new Error(`across var '${v.name}': values must be a list, not ${JSON.stringify(values)}`);
    const max = run.interpolate(v.max_in_flight, scope);
    return { name: v.name, values, maxInFlight: max === 'all' ? values.length : Number(max) };
  });
  const failFast = across.fail_fast === true;
  const radix = vars.map((v) => v.values.length);

  const level = (depth: number, indices: number[], signal: AbortSignal): Promise<StepOutcome> => {
    if (depth === vars.length) {
      const n = indices.reduce((acc, index, i) => acc * (radix[i] ?? 1) + index, 0);
      const child: Scope = { signal, vars: scope.vars.child(), artifacts: scope.artifacts.child() };
      vars.forEach((v, i) => child.vars.set(v.name, v.values[indices[i] as number]));
      return runPlan(prefixPlanIds(across.substep_template, `${plan.id}/${n}/`), child, run);
    }
    const current = vars[depth] as ResolvedVar;
    const positions = current.values.map((_, i) => i);
    return runPool(positions, current.maxInFlight, failFast, signal, (i, s) => level(depth + 1, [...indices, i], s));
  };
  return level(0, [], scope.signal);
}
