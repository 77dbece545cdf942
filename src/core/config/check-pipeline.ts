// Concourse's pipeline-wide rules (its configvalidate package): names that
// must be unique and well formed, groups that name real jobs and resources,
// resources that are used, var sources it can build, jobs without `passed:`
// cycles. The wording follows Concourse's where users search for it.
import type { ConfigPath, DiagnosticSink } from './diagnostics';
import { globMatcher, matchNames } from './glob';
import { PIPELINE_KEYS, type PipelineConfig } from './schema';
import { StepChecker, type PipelineIndex } from './check-steps';
import { forEachJobStep, jobResources } from './step-walk';
import { checkJobs } from './check-jobs';
import { checkNames, identifier, type Named } from './check-names';

function checkGroups(config: PipelineConfig, index: PipelineIndex, sink: DiagnosticSink): void {
  const groups = config.groups ?? [];
  checkNamesGroups(groups, sink);
  const grouped = new Set<string>();
  groups.forEach((group, i) => {
    (group.jobs ?? []).forEach((glob, k) => {
      if (!globMatcher(glob, true)) {
        sink.error(['groups', i, 'jobs', k], `invalid glob expression '${glob}' for group '${group.name}'`);
        return;
      }
      const matched = matchNames(glob, index.jobSet, true);
      matched.forEach((j) => grouped.add(j));
      if (matched.length === 0) sink.error(['groups', i, 'jobs', k], `no jobs match '${glob}' for group '${group.name}'`);
    });
    (group.resources ?? []).forEach((r, k) => {
      if (!index.resources.has(r)) sink.error(['groups', i, 'resources', k], `group '${group.name}' has unknown resource '${r}'`);
    });
  });
  if (groups.length === 0) return;
  (config.jobs ?? []).forEach((job, i) => {
    if (!grouped.has(job.name)) sink.error(['jobs', i, 'name'], `job '${job.name}' belongs to no group`);
  });
}

function checkNamesGroups(groups: readonly Named[], sink: DiagnosticSink): void {
  const counts = new Map<string, number>();
  groups.forEach((g, i) => {
    identifier(g.name, ['groups', i, 'name'], sink);
    const n = (counts.get(g.name) ?? 0) + 1;
    counts.set(g.name, n);
    if (n === 2) {
      const total = groups.filter((x) => x.name === g.name).length;
      sink.error(['groups', i, 'name'], `group '${g.name}' appears ${total} times. Duplicate names are not allowed.`);
    }
  });
}

function checkResources(config: PipelineConfig, index: PipelineIndex, sink: DiagnosticSink): void {
  const resources = config.resources ?? [];
  checkNames(resources, 'resources', sink);
  const used = new Set<string>();
  for (const set of index.jobResources.values()) for (const r of set) used.add(r);
  resources.forEach((r, i) => {
    if (r.type === '') sink.error(['resources', i, 'type'], `resources.${r.name} has no type`);
    if (!used.has(r.name)) sink.error(['resources', i, 'name'], `resource '${r.name}' is not used`);
  });
  const types = new Map<string, string>();
  checkNames(config.resource_types ?? [], 'resource_types', sink, types);
  checkNames(config.prototypes ?? [], 'prototypes', sink, types);
  for (const section of ['resource_types', 'prototypes'] as const) {
    (config[section] ?? []).forEach((t, i) => {
      if (t.type === '') sink.error([section, i, 'type'], `${section}.${t.name} has no type`);
    });
  }
}

function checkDisplay(config: PipelineConfig, sink: DiagnosticSink): void {
  const image = config.display?.background_image;
  if (image === undefined) return;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(image)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    sink.error(['display', 'background_image'], 'background_image scheme must be either http, https or relative');
  }
}

function checkCycles(config: PipelineConfig, index: PipelineIndex, sink: DiagnosticSink): void {
  const jobs = config.jobs ?? [];
  const upstream = new Map<string, Set<string>>();
  jobs.forEach((job) => {
    const ups = new Set<string>();
    forEachJobStep(job, (step) => {
      if ('get' in step) for (const glob of step.passed ?? []) for (const j of matchNames(glob, index.jobSet)) ups.add(j);
    });
    upstream.set(job.name, ups);
  });
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): string | undefined => {
    if (state.get(name) === 'visiting') return name;
    if (state.get(name) === 'done') return undefined;
    state.set(name, 'visiting');
    for (const up of upstream.get(name) ?? []) {
      const found = visit(up);
      if (found !== undefined) return found;
    }
    state.set(name, 'done');
    return undefined;
  };
  for (const job of jobs) {
    const start = visit(job.name);
    if (start === undefined) continue;
    const i = jobs.findIndex((j) => j.name === start);
    sink.error(['jobs', i, 'name'], `pipeline contains a cycle that starts at Job '${start}'`);
    return;
  }
}

function checkTopLevel(raw: Record<string, unknown>, sink: DiagnosticSink): void {
  for (const key of Object.keys(raw)) {
    if (!(PIPELINE_KEYS as readonly string[]).includes(key)) sink.warning([key], `unknown top-level field '${key}' is ignored`, 'key');
  }
}

export function buildIndex(config: PipelineConfig): PipelineIndex {
  const jobs = config.jobs ?? [];
  return {
    config,
    resources: new Set((config.resources ?? []).map((r) => r.name)),
    prototypes: new Set((config.prototypes ?? []).map((p) => p.name)),
    jobNames: jobs.map((j) => j.name),
    jobSet: new Set(jobs.map((j) => j.name)),
    jobResources: new Map(jobs.map((j) => [j.name, jobResources(j)])),
  };
}

/** Runs every semantic rule over a structurally valid pipeline. */
export function checkPipeline(config: PipelineConfig, sink: DiagnosticSink): void {
  const index = buildIndex(config);
  checkTopLevel(config as Record<string, unknown>, sink);
  checkGroups(config, index, sink);
  checkResources(config, index, sink);
  checkVarSources(config, sink);
  checkJobs(config, sink, (job, path) => new StepChecker(index, sink).checkJob(job, path));
  checkDisplay(config, sink);
  checkCycles(config, index, sink);
}

const SUPPORTED_VAR_SOURCES = new Set(['vault', 'dummy', 'ssm', 'secretsmanager', 'idtoken']);
const KNOWN_VAR_SOURCES = new Set([...SUPPORTED_VAR_SOURCES, 'credhub', 'conjur', 'kubernetes']);

function checkVarSources(config: PipelineConfig, sink: DiagnosticSink): void {
  const sources = config.var_sources ?? [];
  checkNames(sources, 'var_sources', sink);
  sources.forEach((s, i) => {
    const at = ['var_sources', i, 'type'];
    if (!KNOWN_VAR_SOURCES.has(s.type)) sink.error(at, `unknown credential manager type: ${s.type}`);
    else if (!SUPPORTED_VAR_SOURCES.has(s.type)) sink.error(at, `credential manager type ${s.type} is not supported in pipeline yet`);
  });
  const unresolved = unorderedVarSources(sources);
  if (unresolved.length > 0) {
    sink.error(['var_sources'], `failed to order by dependency: could not resolve inter-dependent var sources: ${unresolved.join(', ')}`);
  }
}

/** Var sources whose config refers (`((other:...))`) to sources that can never be built first. */
function unorderedVarSources(sources: ReadonlyArray<{ name: string; config?: unknown }>): string[] {
  const deps = new Map(sources.map((s) => [s.name, [...JSON.stringify(s.config ?? null).matchAll(/\(\(([^():]+):/g)].map((m) => m[1]!.trim())]));
  const ready = new Set<string>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const [name, needs] of deps) {
      if (!ready.has(name) && needs.every((d) => ready.has(d))) {
        ready.add(name);
        progress = true;
      }
    }
  }
  return sources.map((s) => s.name).filter((n) => !ready.has(n));
}
