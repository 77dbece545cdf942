// The pipeline picture: the pure graph build + layout from src/core/graph,
// drawn as SVG. Job boxes take their status colour; resources show pins and
// failed checks.
import { useMemo } from 'react';
import { buildPipelineGraph, layoutGraph, type GraphPipelineConfig } from '../../../src/core/graph';
import type { Job, Resource } from '../../../src/protocol/api';
import { measureText } from '../lib/measure-text';
import { links } from '../lib/router';
import { checkFailed, jobStatus } from '../lib/status';
import { GraphEdge } from './graph-edge';
import { GraphNode, type NodeInfo } from './graph-node';

export interface PipelineGraphProps {
  team: string;
  pipeline: string;
  config: GraphPipelineConfig;
  groups: string[];
  jobs: Job[];
  resources: Resource[];
}

export function PipelineGraph({ team, pipeline, config, groups, jobs, resources }: PipelineGraphProps) {
  const { graph, layout } = useMemo(() => {
    const g = buildPipelineGraph(config, { groups });
    return { graph: g, layout: layoutGraph(g, measureText) };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [config, groups.join('\u0000')]);
  const jobByName = useMemo(() => new Map(jobs.map((j) => [j.name, j])), [jobs]);
  const resByName = useMemo(() => new Map(resources.map((r) => [r.name, r])), [resources]);
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const info = (id: string): NodeInfo => {
    const n = nodes.get(id)!;
    if (n.kind === 'job') {
      const j = jobByName.get(n.label);
      return { status: j ? jobStatus(j) : 'pending', href: links.job(team, pipeline, n.label) };
    }
    const r = resByName.get(n.resource ?? n.label);
    return { pinned: !!r?.pinned_version, checkError: checkFailed(r), href: links.resource(team, pipeline, n.resource ?? n.label) };
  };
  return (
    <svg className="graph" width={layout.width} height={layout.height} style={{ maxWidth: '100%', height: 'auto' }} viewBox={`0 0 ${layout.width} ${layout.height}`} data-testid="pipeline-graph">
      <g className="edges">
        {layout.edges.map((e, i) => <GraphEdge key={i} edge={e} />)}
      </g>
      <g className="nodes">
        {layout.nodes.map((box) => <GraphNode key={box.id} node={nodes.get(box.id)!} box={box} info={info(box.id)} />)}
      </g>
    </svg>
  );
}
