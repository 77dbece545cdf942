// Build names: a job's builds are numbered 1, 2, 3...; a rerun of build N is named
// N.1, N.2... A rerun of a rerun reruns the original (5.1 rerun again gives 5.2).

export interface NamedBuild {
  readonly id: number;
  readonly name: string;
  readonly rerunOf?: number;
}

/** The next regular build name from the job's build counter (never reused, even after builds are deleted). */
export function nextBuildName(lastNumber: number): { readonly name: string; readonly number: number } {
  const number = lastNumber + 1;
  return { name: String(number), number };
}

export interface RerunPlan {
  /** The build the new one reruns: always an original, never a rerun. */
  readonly rerunOf: number;
  readonly name: string;
  readonly rerunNumber: number;
}

/** Name and origin for rerunning `target`, given the job's builds (to count earlier reruns). */
export function planRerun(target: NamedBuild, jobBuilds: readonly NamedBuild[]): RerunPlan {
  const originalId = target.rerunOf ?? target.id;
  const original = target.rerunOf === undefined ? target : jobBuilds.find((b) => b.id === originalId);
  const baseName = original?.name ?? parseBuildName(target.name).base;
  const rerunNumber = jobBuilds.filter((b) => b.rerunOf === originalId).length + 1;
  return { rerunOf: originalId, name: `${baseName}.${rerunNumber}`, rerunNumber };
}

/** `12` → {12, 0}; `12.3` → {12, 3}. */
export function parseBuildName(name: string): { readonly base: string; readonly number: number; readonly rerun: number } {
  const [base = name, rerun] = name.split('.', 2);
  return { base, number: Number(base), rerun: rerun === undefined ? 0 : Number(rerun) };
}

/** Newest first, reruns right above their original: 6, 5.2, 5.1, 5, 4. */
export function compareBuildNamesNewestFirst(a: string, b: string): number {
  const x = parseBuildName(a);
  const y = parseBuildName(b);
  return y.number - x.number || y.rerun - x.rerun;
}
