// What set-pipeline shows before it applies: per section (groups, variable
// sources, resources, resource types, jobs, display), each named item that was
// added, removed or changed, with a line diff of its YAML. Removals are listed
// again at the end so that nobody drops a job by accident.
import { stringify } from 'yaml';
import type { Palette } from './color';
import { diffLines } from './line-diff';

type Obj = Record<string, unknown>;

export interface ConfigChange {
  kind: string;
  name: string;
  change: 'added' | 'removed' | 'changed';
}

export interface ConfigDiff {
  changes: ConfigChange[];
  /** The text to print; empty when nothing changed. */
  text: string;
}

const SECTIONS: { key: string; title: string; kind: string; ordered?: boolean }[] = [
  { key: 'groups', title: 'groups', kind: 'group', ordered: true },
  { key: 'var_sources', title: 'variable sources', kind: 'variable source' },
  { key: 'resources', title: 'resources', kind: 'resource' },
  { key: 'resource_types', title: 'resource types', kind: 'resource type' },
  { key: 'jobs', title: 'jobs', kind: 'job' },
];

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON with sorted keys: equal for configs that differ only in key order. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v)) {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** `old` with its keys put in the order `model` uses, so the diff shows only real changes. */
function alignKeys(old: unknown, model: unknown): unknown {
  if (Array.isArray(old) && Array.isArray(model)) return old.map((v, i) => alignKeys(v, model[i]));
  if (!isObj(old) || !isObj(model)) return old;
  const out: Obj = {};
  for (const k of Object.keys(model)) if (k in old) out[k] = alignKeys(old[k], model[k]);
  for (const k of Object.keys(old)) if (!(k in out)) out[k] = old[k];
  return out;
}

function toYamlLines(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return stringify(v, { lineWidth: 0 }).trimEnd().split('\n');
}

function named(list: unknown): Map<string, { item: Obj; index: number }> {
  const map = new Map<string, { item: Obj; index: number }>();
  if (!Array.isArray(list)) return map;
  list.forEach((item, index) => {
    if (isObj(item) && typeof item.name === 'string') map.set(item.name, { item, index });
  });
  return map;
}

function renderItem(out: string[], c: Palette, header: string, before: unknown, after: unknown): void {
  out.push(`  ${c.yellow(header)}`);
  const lines = diffLines(toYamlLines(before), toYamlLines(after));
  for (const l of lines) {
    if (l.op === '+') out.push(c.green(`  + ${l.text}`));
    else if (l.op === '-') out.push(c.red(`  - ${l.text}`));
    else out.push(`    ${l.text}`);
  }
}

function diffSection(
  out: string[],
  changes: ConfigChange[],
  c: Palette,
  section: (typeof SECTIONS)[number],
  before: unknown,
  after: unknown,
): void {
  const olds = named(before);
  const news = named(after);
  const lines: string[] = [];
  for (const [name, { item, index }] of olds) {
    const now = news.get(name);
    if (!now) {
      changes.push({ kind: section.kind, name, change: 'removed' });
      renderItem(lines, c, `${section.kind} ${name} has been removed:`, item, null);
    } else if (canonical(item) !== canonical(now.item) || (section.ordered && index !== now.index)) {
      changes.push({ kind: section.kind, name, change: 'changed' });
      const header = canonical(item) === canonical(now.item) ? `${section.kind} ${name} has moved:` : `${section.kind} ${name} has changed:`;
      renderItem(lines, c, header, alignKeys(item, now.item), now.item);
    }
  }
  for (const [name, { item }] of news) {
    if (olds.has(name)) continue;
    changes.push({ kind: section.kind, name, change: 'added' });
    renderItem(lines, c, `${section.kind} ${name} has been added:`, null, item);
  }
  if (lines.length > 0) out.push(`${section.title}:`, ...lines);
}

function diffDisplay(out: string[], changes: ConfigChange[], c: Palette, before: unknown, after: unknown): void {
  if (canonical(before ?? null) === canonical(after ?? null)) return;
  const what = before == null ? 'added' : after == null ? 'removed' : 'changed';
  changes.push({ kind: 'display', name: 'display', change: what });
  const lines: string[] = [];
  renderItem(lines, c, `display configuration has ${what === 'changed' ? 'changed' : `been ${what}`}:`, alignKeys(before, after), after);
  out.push('display:', ...lines);
}

/** Compares the running config (null for a new pipeline) with the one about to be set. */
export function diffConfigs(before: unknown, after: unknown, c: Palette): ConfigDiff {
  const old = isObj(before) ? before : {};
  const now = isObj(after) ? after : {};
  const out: string[] = [];
  const changes: ConfigChange[] = [];
  for (const section of SECTIONS) diffSection(out, changes, c, section, old[section.key], now[section.key]);
  diffDisplay(out, changes, c, old.display, now.display);
  const removed = changes.filter((x) => x.change === 'removed');
  if (removed.length > 0 && isObj(before)) {
    out.push('', c.redBold('this configuration removes:'));
    for (const r of removed) out.push(c.red(`  - ${r.kind} ${r.name}`));
  }
  return { changes, text: out.length ? out.join('\n') + '\n' : '' };
}
