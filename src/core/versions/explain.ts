// Why a group of `passed:` inputs did not resolve, said per input in terms a
// pipeline author can act on: which job has no such version, what each upstream
// job has passed most recently, or which other input it must agree with.
import { formatJobList, versionLabel } from './format';
import type { GroupInput } from './group-search';
import { SEARCH_BUDGET } from './group-search';
import type { JobIndex } from './version-index';
import { RESOLUTION_FAILURE, type MissingInput } from './types';

type JobOf = (name: string) => JobIndex;

function isUsable(input: GroupInput, versionId: number): boolean {
  if (input.pinId !== null) return versionId === input.pinId;
  const pos = input.res?.position.get(versionId);
  return pos !== undefined && !input.res!.ordered[pos]!.disabled;
}

function label(input: GroupInput, versionId: number): string {
  const pos = input.res?.position.get(versionId);
  return pos === undefined ? `#${versionId}` : versionLabel(input.res!.ordered[pos]!.version);
}

/** The newest usable version of the input's resource in a succeeded build of the job. */
function latestPassed(input: GroupInput, job: JobIndex): number | undefined {
  for (let idx = 0; idx < job.succeeded.length; idx++) {
    for (const v of job.versionsIn(idx, input.resource)) if (isUsable(input, v)) return v;
  }
  return undefined;
}

/** Usable versions of the input's resource that passed the job (any succeeded build). */
function passedSet(input: GroupInput, job: JobIndex): Set<number> {
  const out = new Set<number>();
  for (const v of job.passedVersions(input.resource)) if (isUsable(input, v)) out.add(v);
  return out;
}

/** A version that passed every job of the input, ignoring the other inputs; newest first. */
function alonePassing(input: GroupInput, jobOf: JobOf): number | undefined {
  const sets = input.jobs.map((j) => passedSet(input, jobOf(j)));
  const first = input.jobs.length ? jobOf(input.jobs[0]!) : undefined;
  if (!first) return undefined;
  for (let idx = 0; idx < first.succeeded.length; idx++) {
    for (const v of first.versionsIn(idx, input.resource)) if (sets.every((s) => s.has(v))) return v;
  }
  return undefined;
}

function aloneFailure(input: GroupInput, jobOf: JobOf): string | undefined {
  if ((input.res?.ordered.length ?? 0) === 0) return `no versions of resource ${input.resource}`;
  if (alonePassing(input, jobOf) !== undefined) return undefined;
  const what = input.pinId !== null ? `pinned version ${label(input, input.pinId)}` : 'no version';
  const parts = input.jobs.map((j) => {
    const v = latestPassed(input, jobOf(j));
    if (v !== undefined) return `latest passed ${j}: ${label(input, v)}`;
    return input.pinId !== null
      ? `${j} has no succeeded build with ${label(input, input.pinId)}`
      : `${j} has no succeeded build with a version of ${input.resource}`;
  });
  const verb = input.pinId !== null ? 'does not satisfy' : 'satisfies';
  return `${what} of resource ${input.resource} ${verb} passed: ${formatJobList(input.jobs)} — ${parts.join(', ')}`;
}

function partnersOf(inputs: readonly GroupInput[], i: number): { input: GroupInput; shared: string[] }[] {
  const me = inputs[i]!;
  return inputs.flatMap((other, j) => {
    const shared = other.jobs.filter((job) => me.jobs.includes(job));
    return j !== i && shared.length > 0 ? [{ input: other, shared }] : [];
  });
}

export function explainGroupFailure(inputs: readonly GroupInput[], jobOf: JobOf, gaveUp: boolean): MissingInput[] {
  const alone = inputs.map((input) => aloneFailure(input, jobOf));
  return inputs.map((input, i) => {
    const reason = RESOLUTION_FAILURE.noSatisfiableBuilds;
    const base = { name: input.name, resource: input.resource, reason };
    if (gaveUp) {
      const names = inputs.map((x) => x.name).join(', ');
      return { ...base, explanation: `gave up after examining ${SEARCH_BUDGET} candidate upstream builds for inputs ${names}` };
    }
    if (alone[i]) return { ...base, explanation: alone[i]! };
    const partners = partnersOf(inputs, i);
    const blocked = partners.find((p) => alone[inputs.indexOf(p.input)]);
    if (blocked) {
      const why = alone[inputs.indexOf(blocked.input)]!;
      return { ...base, explanation: `input ${blocked.input.name} shares passed job ${blocked.shared[0]} with it and cannot resolve: ${why}` };
    }
    const newest = alonePassing(input, jobOf)!;
    const shared = [...new Set(partners.flatMap((p) => p.shared))];
    const others = partners.map((p) => p.input.name).join(', ');
    return {
      ...base,
      explanation:
        `versions of resource ${input.resource} passed ${formatJobList(input.jobs)} (newest ${label(input, newest)}), ` +
        `but no single build of ${shared.join(', ')} has them together with usable versions of ${others}; ` +
        'inputs that share a passed job must come from the same build of it',
    };
  });
}
