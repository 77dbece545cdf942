// Inputs with `passed:` constraints that share upstream jobs, resolved together.
//
// The problem: pick one succeeded build b(J) for every upstream job J named in the
// group, and one version v(i) for every input i, such that v(i) is among the
// versions b(J) used or produced for i's resource, for every J in passed(i). Two
// inputs sharing J therefore come from the same build of J (Concourse's
// consistency rule), and an input with `passed: [a, b]` has a version that passed
// both. Versions must exist, be enabled and equal the pin when there is one.
//
// The search assigns builds job by job (in the order the inputs name them), each
// job's builds newest first, so the answer is the first solution in that order,
// the same preference as Concourse. Each input keeps a domain of still-possible
// versions, narrowed by every assigned build (forward checking); a job's candidate
// builds come from an index by version rather than a scan once a domain exists;
// and suffix states that already failed are remembered, so backtracking never
// repeats work.
import type { JobIndex, ResourceIndex } from './version-index';

export interface GroupInput {
  readonly name: string;
  readonly resource: string;
  readonly res: ResourceIndex | undefined;
  /** Passed jobs, without duplicates, in the order the config lists them. */
  readonly jobs: readonly string[];
  /** The pinned version's id, when the input is pinned. */
  readonly pinId: number | null;
  readonly every: boolean;
  /** `every` only: passed job → the upstream build the job's last build used. */
  readonly lastUsed: ReadonlyMap<string, number>;
}

export type GroupOutcome =
  | {
      readonly ok: true;
      readonly versionIds: readonly number[];
      readonly sources: readonly (readonly number[])[];
      readonly hasNext: boolean;
      /** Candidate builds examined (a measure of search effort). */
      readonly examined: number;
    }
  | { readonly ok: false; readonly gaveUp: boolean; readonly examined: number };

interface Slot {
  readonly name: string;
  readonly job: JobIndex;
  readonly members: readonly number[];
  /** `every`: index of the last used upstream build; newer builds come first, oldest of them first. */
  readonly lastUsedPos: number;
}

/** Candidate builds examined before the search gives up (a pathological history). */
export const SEARCH_BUDGET = 200_000;

export function orderJobs(inputs: readonly GroupInput[]): string[] {
  const order: string[] = [];
  for (const input of inputs) {
    // An `every` input continues from the upstream builds it used last; jobs it
    // has no record for come after those (Concourse defers them the same way).
    const jobs = input.every && input.lastUsed.size > 0
      ? [...input.jobs.filter((j) => input.lastUsed.has(j)), ...input.jobs.filter((j) => !input.lastUsed.has(j))]
      : input.jobs;
    for (const j of jobs) if (!order.includes(j)) order.push(j);
  }
  return order;
}

function makeSlots(inputs: readonly GroupInput[], jobOf: (name: string) => JobIndex): Slot[] {
  return orderJobs(inputs).map((name) => {
    const members = inputs.flatMap((input, i) => (input.jobs.includes(name) ? [i] : []));
    const job = jobOf(name);
    const first = inputs[members[0]!]!;
    const used = first.every ? first.lastUsed.get(name) : undefined;
    const lastUsedPos = used === undefined ? -1 : job.positionOf(used) ?? -1;
    return { name, job, members, lastUsedPos };
  });
}

/** Build index at preference rank p: newest first, or `every`'s newer-unused-first order. */
function indexAtRank(slot: Slot, p: number): number {
  const l = slot.lastUsedPos;
  return l >= 0 && p < l ? l - 1 - p : p;
}

function rankOfIndex(slot: Slot, idx: number): number {
  const l = slot.lastUsedPos;
  return l >= 0 && idx < l ? l - 1 - idx : idx;
}

export function searchGroup(inputs: readonly GroupInput[], jobOf: (name: string) => JobIndex): GroupOutcome {
  return new GroupSearch(inputs, makeSlots(inputs, jobOf)).run();
}

class GroupSearch {
  private readonly domains: (readonly number[] | null)[];
  private readonly chosen: number[];
  private readonly failed = new Set<string>();
  /** Inputs that still matter from slot k on: the memo key of a suffix state. */
  private readonly liveFrom: number[][];
  private examined = 0;

  constructor(
    private readonly inputs: readonly GroupInput[],
    private readonly slots: readonly Slot[],
  ) {
    this.domains = inputs.map(() => null);
    this.chosen = slots.map(() => -1);
    this.liveFrom = [...slots, null].map((_, k) =>
      inputs.flatMap((_input, i) => (slots.slice(k).some((s) => s.members.includes(i)) ? [i] : [])),
    );
  }

  run(): GroupOutcome {
    if (this.assign(0)) return this.solution();
    return { ok: false, gaveUp: this.examined > SEARCH_BUDGET, examined: this.examined };
  }

  private solution(): GroupOutcome {
    const rank = new Map<string, number>();
    this.slots.forEach((s, k) => rank.set(s.name, k));
    const versionIds = this.domains.map((d) => d![0]!);
    const sources = this.inputs.map((input) =>
      input.jobs.map((j) => {
        const k = rank.get(j)!;
        return this.slots[k]!.job.succeeded[this.chosen[k]!]!.id;
      }),
    );
    const hasNext = this.slots.some((s, k) => s.lastUsedPos > 0 && rankOfIndex(s, this.chosen[k]!) < s.lastUsedPos - 1);
    return { ok: true, versionIds, sources, hasNext, examined: this.examined };
  }

  private assign(k: number): boolean {
    if (k === this.slots.length) return true;
    if (this.examined > SEARCH_BUDGET) return false;
    const slot = this.slots[k]!;
    for (const idx of this.candidates(slot)) {
      this.examined++;
      const saved = this.narrow(slot, idx);
      if (!saved) continue;
      this.chosen[k] = idx;
      // Deeper levels restore what they narrow, so the key after a failure is the key before it.
      if (this.failed.size === 0 || !this.failed.has(this.memoKey(k + 1))) {
        if (this.assign(k + 1)) return true;
        this.failed.add(this.memoKey(k + 1));
      }
      for (const [i, d] of saved) this.domains[i] = d;
      if (this.examined > SEARCH_BUDGET) return false;
    }
    return false;
  }

  /** Narrows member domains to what build idx offers; undefined when some member is left with nothing. */
  private narrow(slot: Slot, idx: number): [number, readonly number[] | null][] | undefined {
    const saved: [number, readonly number[] | null][] = [];
    for (const i of slot.members) {
      const input = this.inputs[i]!;
      const current = this.domains[i]!;
      const next =
        current === null
          ? slot.job.versionsIn(idx, input.resource).filter((v) => isValid(input, v))
          : current.filter((v) => slot.job.buildHas(idx, input.resource, v));
      saved.push([i, current]);
      if (next.length === 0) {
        for (const [j, d] of saved) this.domains[j] = d;
        return undefined;
      }
      this.domains[i] = next;
    }
    return saved;
  }

  /** Candidate build indices of a slot in preference order. */
  private *candidates(slot: Slot): Generator<number> {
    let narrowest = -1;
    for (const i of slot.members) {
      const d = this.domains[i];
      if (d && (narrowest < 0 || d.length < this.domains[narrowest]!.length)) narrowest = i;
    }
    if (narrowest < 0) {
      for (let p = 0; p < slot.job.succeeded.length; p++) yield indexAtRank(slot, p);
      return;
    }
    // Only builds that contain a still-possible version of the narrowest member.
    const found = slot.job.buildsWithVersions(this.inputs[narrowest]!.resource, this.domains[narrowest]!);
    // Indices ascend (newest first); only `every` reorders them.
    yield* slot.lastUsedPos < 0 ? found : [...found].sort((a, b) => rankOfIndex(slot, a) - rankOfIndex(slot, b));
  }

  private memoKey(k: number): string {
    let key = String(k);
    for (const i of this.liveFrom[k]!) key += `|${i}:${this.domains[i]?.join(',') ?? '*'}`;
    return key;
  }
}

function isValid(input: GroupInput, versionId: number): boolean {
  if (input.pinId !== null) return versionId === input.pinId;
  const pos = input.res?.position.get(versionId);
  return pos !== undefined && !input.res!.ordered[pos]!.disabled;
}
