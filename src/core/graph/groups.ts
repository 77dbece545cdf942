// Group filtering: which jobs a selection of groups shows. Group job entries may
// be glob patterns (`*` matches any run of characters), as Concourse allows.
import type { GraphPipelineConfig } from './types';

interface Group {
  readonly name: string;
  readonly patterns: readonly string[];
}

function groupsOf(config: GraphPipelineConfig): Group[] {
  if (!Array.isArray(config.groups)) return [];
  const groups: Group[] = [];
  for (const g of config.groups as unknown[]) {
    if (typeof g !== 'object' || g === null) continue;
    const { name, jobs } = g as { name?: unknown; jobs?: unknown };
    if (typeof name !== 'string') continue;
    const patterns = Array.isArray(jobs) ? jobs.filter((j): j is string => typeof j === 'string') : [];
    groups.push({ name, patterns });
  }
  return groups;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** True when `name` matches a group entry; `*` is the only wildcard. */
export function matchesJobPattern(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const source = pattern.split('*').map(escapeRegExp).join('.*');
  return new RegExp(`^${source}$`).test(name);
}

/** The group names of a pipeline, in config order. */
export function groupNames(config: GraphPipelineConfig): string[] {
  return groupsOf(config).map((g) => g.name);
}

/**
 * The groups a pipeline page shows when none are chosen: Concourse opens a
 * pipeline that has groups on its first group.
 */
export function defaultGroups(config: GraphPipelineConfig): string[] {
  const first = groupsOf(config)[0];
  return first ? [first.name] : [];
}

/**
 * The job names shown for a group selection: all jobs when nothing is
 * selected, else every job some selected group names. A selected name that is
 * no group of the pipeline selects nothing.
 */
export function selectJobs(
  config: GraphPipelineConfig,
  jobNames: readonly string[],
  selected: readonly string[] | undefined,
): Set<string> {
  if (!selected || selected.length === 0) return new Set(jobNames);
  const wanted = new Set(selected);
  const patterns = groupsOf(config)
    .filter((g) => wanted.has(g.name))
    .flatMap((g) => g.patterns);
  return new Set(jobNames.filter((name) => patterns.some((p) => matchesJobPattern(p, name))));
}
