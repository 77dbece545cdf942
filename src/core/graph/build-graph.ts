// Turns a pipeline config into the boxes and lines of Concourse's pipeline
// picture. A get without `passed` draws the resource as an input box left of
// the job (one box per job; the layout merges such boxes of one resource that
// land in the same column, as Concourse does). A get
// with `passed: [u]` draws the flow u → resource → job through a box placed
// right after u; that box is u's output box when u puts the resource, so a
// promotion chain reads as one line of versions. A put draws the resource after
// the putting job.
import { selectJobs } from './groups';
import { jobResources, type JobResources } from './plan-walk';
import type {
  BuildGraphOptions,
  GraphEdge,
  GraphEdgeKind,
  GraphJobConfig,
  GraphNode,
  GraphPipelineConfig,
  PipelineGraph,
} from './types';

const enc = encodeURIComponent;

/** Node ids; the parts are URI-encoded so that no two names can collide. */
export const nodeId = {
  job: (job: string): string => `job:${enc(job)}`,
  input: (job: string, resource: string): string => `input:${enc(job)}:${enc(resource)}`,
  after: (job: string, resource: string): string => `after:${enc(job)}:${enc(resource)}`,
};

interface ResourceInfo {
  readonly type?: string;
  readonly icon?: string;
}

function resourceInfo(config: GraphPipelineConfig): Map<string, ResourceInfo> {
  const info = new Map<string, ResourceInfo>();
  if (!Array.isArray(config.resources)) return info;
  for (const r of config.resources as unknown[]) {
    if (typeof r !== 'object' || r === null) continue;
    const { name, type, icon } = r as Record<string, unknown>;
    if (typeof name !== 'string' || info.has(name)) continue;
    info.set(name, {
      ...(typeof type === 'string' ? { type } : {}),
      ...(typeof icon === 'string' ? { icon } : {}),
    });
  }
  return info;
}

/** Jobs with a usable name, in config order; a repeated name keeps the first. */
function namedJobs(config: GraphPipelineConfig): Map<string, GraphJobConfig> {
  const jobs = new Map<string, GraphJobConfig>();
  if (!Array.isArray(config.jobs)) return jobs;
  for (const job of config.jobs as unknown[]) {
    if (typeof job !== 'object' || job === null) continue;
    const name = (job as GraphJobConfig).name;
    if (typeof name === 'string' && !jobs.has(name)) jobs.set(name, job as GraphJobConfig);
  }
  return jobs;
}

class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, { -readonly [K in keyof GraphEdge]: GraphEdge[K] }>();

  constructor(private readonly resources: Map<string, ResourceInfo>) {}

  job(name: string): string {
    const id = nodeId.job(name);
    if (!this.nodes.has(id)) this.nodes.set(id, { id, kind: 'job', label: name });
    return id;
  }

  resource(id: string, resource: string, role: 'input' | 'passed' | 'output', job: string): string {
    if (this.nodes.has(id)) return id;
    const info = this.resources.get(resource);
    this.nodes.set(id, {
      id,
      kind: 'resource',
      label: resource,
      role,
      resource,
      job,
      ...(role === 'input' ? { mergeKey: `input:${resource}` } : {}),
      ...(info?.type !== undefined ? { resourceType: info.type } : {}),
      ...(info?.icon !== undefined ? { icon: info.icon } : {}),
    });
    return id;
  }

  /** Adds a line; a second line between the same boxes merges, triggering if either does. */
  edge(from: string, to: string, kind: GraphEdgeKind, trigger: boolean): void {
    const key = `${from}\n${to}`;
    const existing = this.edges.get(key);
    if (existing) existing.trigger ||= trigger;
    else this.edges.set(key, { from, to, kind, trigger });
  }

  result(): PipelineGraph {
    return { nodes: [...this.nodes.values()], edges: [...this.edges.values()] };
  }
}

function addPuts(b: GraphBuilder, job: string, res: JobResources): void {
  for (const put of res.puts) {
    const out = b.resource(nodeId.after(job, put.resource), put.resource, 'output', job);
    b.edge(b.job(job), out, 'output', true);
  }
}

function addGets(b: GraphBuilder, job: string, res: JobResources, shown: Set<string>): void {
  const target = b.job(job);
  for (const get of res.gets) {
    // An upstream job outside the shown groups (or missing) has no box to start
    // from; the input is then drawn like an unconstrained one.
    const upstream = get.passed.filter((u) => u !== job && shown.has(u));
    if (upstream.length === 0) {
      const input = b.resource(nodeId.input(job, get.resource), get.resource, 'input', job);
      b.edge(input, target, 'input', get.trigger);
      continue;
    }
    for (const u of upstream) {
      const via = b.resource(nodeId.after(u, get.resource), get.resource, 'passed', u);
      b.edge(b.job(u), via, 'passed', get.trigger);
      b.edge(via, target, 'input', get.trigger);
    }
  }
}

/** The boxes and lines of a pipeline's picture, for the selected groups. */
export function buildPipelineGraph(config: GraphPipelineConfig, opts: BuildGraphOptions = {}): PipelineGraph {
  const jobs = namedJobs(config);
  const shown = selectJobs(config, [...jobs.keys()], opts.groups);
  const b = new GraphBuilder(resourceInfo(config));
  const walked = new Map<string, JobResources>();
  for (const [name, job] of jobs) {
    if (!shown.has(name)) continue;
    b.job(name);
    walked.set(name, jobResources(job));
  }
  // Puts first, so that a box after job u is an output box whenever u puts
  // the resource, whatever order the jobs come in.
  for (const [name, res] of walked) addPuts(b, name, res);
  for (const [name, res] of walked) addGets(b, name, res, shown);
  return b.result();
}
