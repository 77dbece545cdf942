// A compact way to write a version history as a named example (used by tests and
// the benchmark): versions by label per resource, builds by job with the labels
// they used and produced. Each version's fields are `{ ref: label }`.
import type { BuildHistoryEntry, BuildStatus, ResourceHistory, VersionFields, VersionSnapshot } from './types';

export interface ExampleBuild {
  readonly id: number;
  readonly job: string;
  readonly status?: BuildStatus;
  readonly rerunOf?: number;
  /** Input name (= resource name) → version label, or several labels. */
  readonly in?: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Resource → version label produced by a put. */
  readonly out?: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Upstream build ids that justified the inputs. */
  readonly pipes?: readonly number[];
}

export interface ExampleHistory {
  /** Resource → version labels, oldest first (check order 1, 2, ...). */
  readonly versions?: Readonly<Record<string, readonly string[]>>;
  readonly disabled?: Readonly<Record<string, readonly string[]>>;
  /** Resource → pinned label (a pin from config or the API). */
  readonly pins?: Readonly<Record<string, string>>;
  readonly builds?: readonly ExampleBuild[];
}

export interface BuiltExample {
  readonly snapshot: VersionSnapshot;
  /** resource → label → version id */
  readonly ids: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** version id → label */
  readonly labels: ReadonlyMap<number, string>;
}

const list = (v: string | readonly string[] | undefined): readonly string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : v);

export function ref(label: string): VersionFields {
  return { ref: label };
}

export function buildExample(example: ExampleHistory): BuiltExample {
  const order = new Map<string, string[]>();
  const add = (resource: string, label: string): void => {
    const labels = order.get(resource) ?? [];
    if (!labels.includes(label)) labels.push(label);
    order.set(resource, labels);
  };
  for (const [resource, labels] of Object.entries(example.versions ?? {})) for (const l of labels) add(resource, l);
  for (const b of example.builds ?? []) {
    for (const [r, v] of Object.entries(b.in ?? {})) for (const l of list(v)) add(r, l);
    for (const [r, v] of Object.entries(b.out ?? {})) for (const l of list(v)) add(r, l);
  }
  let nextId = 1;
  const ids = new Map<string, Map<string, number>>();
  const labels = new Map<number, string>();
  const resources: ResourceHistory[] = [...order].map(([name, names]) => {
    const byLabel = new Map<string, number>();
    ids.set(name, byLabel);
    const disabled = new Set(example.disabled?.[name] ?? []);
    const versions = names.map((label, i) => {
      const id = nextId++;
      byLabel.set(label, id);
      labels.set(id, label);
      return { id, version: ref(label), checkOrder: i + 1, disabled: disabled.has(label) };
    });
    const pin = example.pins?.[name];
    return pin === undefined ? { name, versions } : { name, versions, pinned: ref(pin) };
  });
  const idOf = (r: string, l: string): number => ids.get(r)!.get(l)!;
  const builds: BuildHistoryEntry[] = (example.builds ?? []).map((b) => ({
    id: b.id,
    job: b.job,
    status: b.status ?? 'succeeded',
    ...(b.rerunOf !== undefined ? { rerunOf: b.rerunOf } : {}),
    inputs: Object.entries(b.in ?? {}).flatMap(([r, v]) => list(v).map((l) => ({ name: r, resource: r, versionId: idOf(r, l) }))),
    outputs: Object.entries(b.out ?? {}).flatMap(([r, v]) => list(v).map((l) => ({ resource: r, versionId: idOf(r, l) }))),
    passedBuildIds: b.pipes ?? [],
  }));
  return { snapshot: { resources, builds }, ids, labels };
}
