// Merging equivalent boxes: boxes with one merge key (unconstrained inputs of
// one resource) that land in the same column become one box, as Concourse
// collapses them. Done after columns are known, so two jobs far apart each keep
// their own box and no line has to cross the picture.
import { assignColumns, backEdges } from './layering';
import type { GraphEdge, PipelineGraph } from './types';

/** The graph with equivalent boxes merged; the first box of each set keeps its id. */
export function mergeEquivalent(graph: PipelineGraph): PipelineGraph {
  if (!graph.nodes.some((n) => n.mergeKey !== undefined)) return graph;
  const index = new Map<string, number>();
  graph.nodes.forEach((n, i) => index.set(n.id, i));
  const edges = graph.edges
    .filter((e) => index.has(e.from) && index.has(e.to))
    .map((e) => ({ from: index.get(e.from)!, to: index.get(e.to)! }));
  const back = backEdges(graph.nodes.length, edges);
  const oriented = edges.map((e, i) => (back.has(i) ? { from: e.to, to: e.from } : e)).filter((e) => e.from !== e.to);
  const column = assignColumns(graph.nodes.length, oriented);

  const keeper = new Map<string, string>(); // column + merge key → kept id
  const rename = new Map<string, string>(); // merged id → kept id
  graph.nodes.forEach((n, i) => {
    if (n.mergeKey === undefined) return;
    const key = `${column[i]}\n${n.mergeKey}`;
    const kept = keeper.get(key);
    if (kept === undefined) keeper.set(key, n.id);
    else rename.set(n.id, kept);
  });
  if (rename.size === 0) return graph;

  const merged = new Map<string, { -readonly [K in keyof GraphEdge]: GraphEdge[K] }>();
  for (const e of graph.edges) {
    const from = rename.get(e.from) ?? e.from;
    const to = rename.get(e.to) ?? e.to;
    const existing = merged.get(`${from}\n${to}`);
    if (existing) existing.trigger ||= e.trigger;
    else merged.set(`${from}\n${to}`, { ...e, from, to });
  }
  return { nodes: graph.nodes.filter((n) => !rename.has(n.id)), edges: [...merged.values()] };
}
