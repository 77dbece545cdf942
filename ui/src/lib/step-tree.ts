// Turns a build plan (Concourse's plan JSON, as GET /api/v1/builds/:id/plan
// returns it) into the step tree the build page shows: leaves are the steps
// with a log (get, put, task, ...); in_parallel, across, retry and hooks are
// nested groups; do, try and timeout are transparent. Pure.

export type StepKind =
  | 'get' | 'put' | 'task' | 'check' | 'set_pipeline' | 'load_var'
  | 'in_parallel' | 'across' | 'retry' | 'attempt' | 'hook' | 'substep';

export interface StepNode {
  readonly id: string;
  readonly kind: StepKind;
  /** What the header shows: the step's name, or the group's label. */
  readonly label: string;
  children: StepNode[];
}

type Json = Record<string, unknown>;
const LEAVES = ['get', 'put', 'task', 'check', 'set_pipeline', 'load_var'] as const;
const HOOKS = ['on_success', 'on_failure', 'on_error', 'on_abort', 'ensure'] as const;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The nodes a plan contributes at its level (transparent steps give their children's nodes). */
export function planNodes(plan: unknown): StepNode[] {
  if (!isObj(plan)) return [];
  const id = String(plan.id ?? '');
  for (const kind of LEAVES) {
    const leaf = plan[kind];
    if (isObj(leaf)) return [{ id, kind, label: String(leaf.name ?? leaf.resource ?? kind), children: [] }];
  }
  if (Array.isArray(plan.do)) return plan.do.flatMap(planNodes);
  if (Array.isArray(plan.aggregate)) return [group(id, 'in_parallel', 'in_parallel', plan.aggregate.flatMap(planNodes))];
  if (isObj(plan.in_parallel)) {
    const steps = Array.isArray(plan.in_parallel.steps) ? plan.in_parallel.steps : [];
    return [group(id, 'in_parallel', 'in_parallel', steps.flatMap(planNodes))];
  }
  if (isObj(plan.across)) return [acrossNode(id, plan.across)];
  if (Array.isArray(plan.retry)) {
    const attempts = plan.retry.map((p, i) => group(`${id}/attempt-${i + 1}`, 'attempt', `attempt ${i + 1}`, planNodes(p)));
    return [group(id, 'retry', 'attempts', attempts)];
  }
  if (isObj(plan.try)) return planNodes(plan.try.step);
  if (isObj(plan.timeout)) return planNodes(plan.timeout.step);
  for (const hook of HOOKS) {
    const h = plan[hook];
    if (isObj(h)) return hookNodes(id, hook, h.step, h[hook] ?? h.next);
  }
  return [];
}

function group(id: string, kind: StepKind, label: string, children: StepNode[]): StepNode {
  return { id, kind, label, children };
}

function acrossNode(id: string, across: Json): StepNode {
  const vars = Array.isArray(across.vars) ? across.vars.map((v) => (isObj(v) ? String(v.name) : '?')) : [];
  return group(id, 'across', `across ${vars.join(', ')}`, []);
}

function hookNodes(id: string, hook: string, step: unknown, next: unknown): StepNode[] {
  const main = planNodes(step);
  // A put's implicit get (version_from the put) reads as the put's sibling, as Concourse shows it.
  if (hook === 'on_success' && isObj(next) && isObj(next.get) && next.get.version_from !== undefined) {
    return [...main, ...planNodes(next)];
  }
  const hookChildren = planNodes(next);
  if (hookChildren.length === 0) return main;
  return [...main, group(`${id}/${hook}`, 'hook', hook.replace('_', ' '), hookChildren)];
}

/** Fills an across node with the substeps its `across-substeps` event announced. */
export function acrossSubsteps(substeps: readonly { step: unknown; values: readonly unknown[] }[]): StepNode[] {
  return substeps.map((s, i) => {
    const id = isObj(s.step) ? String(s.step.id ?? i) : String(i);
    const label = s.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
    return group(`${id}/substep`, 'substep', label, planNodes(s.step));
  });
}

/** Depth-first search for a node by id. */
export function findNode(nodes: readonly StepNode[], id: string): StepNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const inner = findNode(n.children, id);
    if (inner) return inner;
  }
  return undefined;
}

export const isLeaf = (n: StepNode): boolean => (LEAVES as readonly string[]).includes(n.kind);
