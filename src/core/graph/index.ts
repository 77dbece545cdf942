// Pipeline graph: the boxes and lines of a pipeline's picture (jobs, the
// resources they get and put, `passed:` flow) and their layout in columns.
// Pure: no I/O, no clock, no randomness; text is measured by a function the
// caller passes, so the same layout runs in the browser and in tests.
export type {
  BuildGraphOptions,
  GraphEdge,
  GraphEdgeKind,
  GraphGroupConfig,
  GraphJobConfig,
  GraphLayout,
  GraphNode,
  GraphNodeKind,
  GraphPipelineConfig,
  GraphResourceConfig,
  GraphStep,
  LaidOutEdge,
  LaidOutNode,
  LayoutOptions,
  MeasureText,
  PipelineGraph,
  Point,
  ResourceRole,
  TextSize,
} from './types';
export { buildPipelineGraph, nodeId } from './build-graph';
export { defaultGroups, groupNames, matchesJobPattern } from './groups';
export { jobResources, type JobGet, type JobPut, type JobResources } from './plan-walk';
export { layoutGraph } from './layout';
export { countEdgeCrossings, layoutProblems } from './metrics';
