// The data the version algorithm reads (a snapshot of version history and build
// history) and the answer it gives. Plain values only, so the store can load a
// snapshot in a few queries and the algorithm never touches the database.

/** A resource version as the resource's `check` reported it, e.g. `{ ref: 'abc' }`. */
export type VersionFields = Readonly<Record<string, string>>;

export interface ResourceVersion {
  /** Stable id of the version row. */
  readonly id: number;
  readonly version: VersionFields;
  /** Position in check order; higher is newer. */
  readonly checkOrder: number;
  /** Disabled with `disable-resource-version`; never chosen as an input. */
  readonly disabled?: boolean;
}

export interface ResourceHistory {
  readonly name: string;
  /** Every version of the resource, in any order (the index sorts by check order). */
  readonly versions: readonly ResourceVersion[];
  /** The resource's current pin: config `version:` on the resource, or an API pin. */
  readonly pinned?: VersionFields;
}

export type BuildStatus = 'pending' | 'started' | 'succeeded' | 'failed' | 'errored' | 'aborted';

export interface BuildInputUse {
  /** The get step's name (the input name). */
  readonly name: string;
  readonly resource: string;
  readonly versionId: number;
}

export interface BuildOutputUse {
  readonly resource: string;
  readonly versionId: number;
}

export interface BuildHistoryEntry {
  readonly id: number;
  readonly job: string;
  readonly status: BuildStatus;
  /** The build this one reran (`N.1` reruns `N`); reruns sort with their original. */
  readonly rerunOf?: number;
  readonly inputs: readonly BuildInputUse[];
  readonly outputs: readonly BuildOutputUse[];
  /** Upstream builds that justified this build's inputs (Concourse's build pipes). */
  readonly passedBuildIds?: readonly number[];
}

/** Everything the algorithm may look at for one pipeline (or more: jobs are keyed by name). */
export interface VersionSnapshot {
  readonly resources: readonly ResourceHistory[];
  readonly builds: readonly BuildHistoryEntry[];
}

/** `version:` on a get step: `latest` (default), `every`, or a pinned version. */
export type InputVersionConfig = 'latest' | 'every' | VersionFields;

export interface InputConfig {
  readonly name: string;
  readonly resource: string;
  /** Jobs the version must have passed (been an input or output of a succeeded build). */
  readonly passed?: readonly string[];
  readonly version?: InputVersionConfig;
  readonly trigger?: boolean;
}

export interface JobInputsConfig {
  readonly name: string;
  readonly inputs: readonly InputConfig[];
}

export interface ResolvedInput {
  readonly name: string;
  readonly resource: string;
  readonly versionId: number;
  readonly version: VersionFields;
  /** No build of this job has used this version for this input yet. */
  readonly firstOccurrence: boolean;
  /** Upstream builds (one per `passed` job) whose inputs/outputs justified the version. */
  readonly passedBuildIds: readonly number[];
}

export interface MissingInput {
  readonly name: string;
  readonly resource: string;
  /** Concourse's resolution failure text (`missing_input_reasons` in build preparation). */
  readonly reason: string;
  /** What a person needs to know: which constraint fails and what the upstream jobs have. */
  readonly explanation: string;
}

export interface ResolveResult {
  /** Every input resolved. */
  readonly ok: boolean;
  /** Inputs that resolved (all of them when ok; a part when some inputs cannot resolve). */
  readonly inputs: Readonly<Record<string, ResolvedInput>>;
  /** Inputs that did not resolve, each with its reason. */
  readonly missing: Readonly<Record<string, MissingInput>>;
  /** An `every` input has further unused versions: schedule the job again after this build. */
  readonly hasNextEvery: boolean;
}

/** Concourse's resolution failure texts, kept verbatim so users can grep for them. */
export const RESOLUTION_FAILURE = {
  latestNotFound: 'latest version of resource not found',
  versionNotFound: 'version of resource not found',
  noSatisfiableBuilds: 'no satisfiable builds from passed jobs found for set of inputs',
} as const;
