// resolveInputs: which version each input of a job gets next, or why it gets none.
// Inputs without `passed:` resolve one by one; inputs with `passed:` resolve in
// groups that share upstream jobs (group-search.ts).
import { explainGroupFailure } from './explain';
import { findPinned, pinFailure, resolveEvery, resolveLatest, resolvePinned, type IndividualOutcome } from './individual';
import { searchGroup, type GroupInput } from './group-search';
import { indexFor, type JobIndex, type VersionIndex } from './version-index';
import type {
  InputConfig,
  JobInputsConfig,
  MissingInput,
  ResolvedInput,
  ResolveResult,
  ResourceVersion,
  VersionFields,
  VersionSnapshot,
} from './types';

/** A get step's own `version: {...}` wins over the resource's pin. */
function effectivePin(input: InputConfig, index: VersionIndex): VersionFields | undefined {
  const v = input.version;
  if (v !== undefined && typeof v === 'object') return v;
  return index.resources.get(input.resource)?.pinned;
}

function resolved(input: InputConfig, version: ResourceVersion, self: JobIndex, passed: readonly number[]): ResolvedInput {
  return {
    name: input.name,
    resource: input.resource,
    versionId: version.id,
    version: version.version,
    firstOccurrence: !self.hasUsed(input.name, input.resource, version.id),
    passedBuildIds: passed,
  };
}

function resolveAlone(input: InputConfig, index: VersionIndex, self: JobIndex): IndividualOutcome {
  const res = index.resources.get(input.resource);
  const pin = effectivePin(input, index);
  if (pin) return resolvePinned(res, pin, input.resource);
  if (input.version === 'every') return resolveEvery(res, self, input.resource);
  return resolveLatest(res, input.resource);
}

/** Inputs whose `passed:` jobs overlap, directly or through other inputs, in config order. */
export function groupByPassedJobs(inputs: readonly InputConfig[]): InputConfig[][] {
  const groups: { jobs: Set<string>; members: number[] }[] = [];
  inputs.forEach((input, i) => {
    const jobs = new Set(input.passed ?? []);
    const touching = groups.filter((g) => [...jobs].some((j) => g.jobs.has(j)));
    const merged = { jobs, members: [i] };
    for (const g of touching) {
      for (const j of g.jobs) merged.jobs.add(j);
      merged.members.push(...g.members);
      groups.splice(groups.indexOf(g), 1);
    }
    groups.push(merged);
  });
  return groups
    .map((g) => g.members.sort((a, b) => a - b))
    .sort((a, b) => a[0]! - b[0]!)
    .map((members) => members.map((i) => inputs[i]!));
}

/** The upstream builds the job's last build used, for an `every` input (Concourse's build pipes). */
function lastUsedUpstream(input: InputConfig, index: VersionIndex, self: JobIndex): Map<string, number> {
  const out = new Map<string, number>();
  const res = index.resources.get(input.resource);
  const use = input.version === 'every' && res ? self.newestUse(res) : undefined;
  for (const id of use?.build.passedBuildIds ?? []) {
    const job = input.passed!.find((j) => index.job(j).positionOf(id) !== undefined);
    if (job !== undefined) out.set(job, id);
  }
  return out;
}

interface GroupAnswer {
  readonly resolved: ResolvedInput[];
  readonly missing: MissingInput[];
  readonly hasNext: boolean;
}

function resolveGroup(group: readonly InputConfig[], index: VersionIndex, self: JobIndex): GroupAnswer {
  const inputs: GroupInput[] = [];
  const pinFailures = new Map<number, MissingInput>();
  group.forEach((input, i) => {
    const res = index.resources.get(input.resource);
    const pin = effectivePin(input, index);
    let pinId: number | null = null;
    if (pin) {
      const lookup = findPinned(res, pin);
      const failure = pinFailure(lookup, pin, input.resource);
      if (failure && !failure.ok) pinFailures.set(i, { name: input.name, resource: input.resource, reason: failure.reason, explanation: failure.explanation });
      if (lookup.kind === 'found') pinId = lookup.version.id;
    }
    const jobs = [...new Set(input.passed)];
    inputs.push({ name: input.name, resource: input.resource, res, jobs, pinId, every: input.version === 'every', lastUsed: lastUsedUpstream(input, index, self) });
  });
  if (pinFailures.size > 0) return { resolved: [], missing: pinnedGroupFailure(group, pinFailures), hasNext: false };
  const jobOf = index.job;
  const outcome = searchGroup(inputs, jobOf);
  if (!outcome.ok) return { resolved: [], missing: explainGroupFailure(inputs, jobOf, outcome.gaveUp), hasNext: false };
  const answers = group.map((input, i) => {
    const res = inputs[i]!.res!;
    const version = res.ordered[res.position.get(outcome.versionIds[i]!)!]!;
    return resolved(input, version, self, outcome.sources[i]!);
  });
  return { resolved: answers, missing: [], hasNext: outcome.hasNext };
}

/** A missing pin stops the whole group: the other inputs say which pin they wait for. */
function pinnedGroupFailure(group: readonly InputConfig[], failures: ReadonlyMap<number, MissingInput>): MissingInput[] {
  const [firstIndex, first] = [...failures][0]!;
  return group.map((input, i) =>
    failures.get(i) ?? {
      name: input.name,
      resource: input.resource,
      reason: first.reason,
      explanation: `input ${group[firstIndex]!.name} shares a passed job with it and cannot resolve: ${first.explanation}`,
    },
  );
}

export function resolveInputs(snapshot: VersionSnapshot, job: JobInputsConfig): ResolveResult {
  const index = indexFor(snapshot);
  const self = index.job(job.name);
  const inputs: Record<string, ResolvedInput> = {};
  const missing: Record<string, MissingInput> = {};
  let hasNextEvery = false;
  const withPassed: InputConfig[] = [];
  for (const input of job.inputs) {
    if (input.passed?.length) {
      withPassed.push(input);
      continue;
    }
    const outcome = resolveAlone(input, index, self);
    if (outcome.ok) {
      inputs[input.name] = resolved(input, outcome.version, self, []);
      hasNextEvery ||= outcome.hasNext;
    } else {
      missing[input.name] = { name: input.name, resource: input.resource, reason: outcome.reason, explanation: outcome.explanation };
    }
  }
  for (const group of groupByPassedJobs(withPassed)) {
    const answer = resolveGroup(group, index, self);
    for (const r of answer.resolved) inputs[r.name] = r;
    for (const m of answer.missing) missing[m.name] = m;
    hasNextEvery ||= answer.hasNext;
  }
  return { ok: Object.keys(missing).length === 0, inputs: inConfigOrder(job, inputs), missing: inConfigOrder(job, missing), hasNextEvery };
}

/** Results listed in the order the job's plan names its inputs. */
function inConfigOrder<T>(job: JobInputsConfig, byName: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const input of job.inputs) if (input.name in byName) out[input.name] = byName[input.name]!;
  return out;
}

