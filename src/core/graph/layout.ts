// The layout pipeline: measure boxes, assign columns (with spacer slots for long
// lines), order each column, place, and route lines. A pure function of the
// graph and the text measure; the same input always gives the same picture.
import { layer, type Chain, type Slot } from './layering';
import { mergeEquivalent } from './merge';
import { orderColumns } from './ordering';
import { place, type Placement, type Spacing } from './positioning';
import type {
  GraphLayout,
  LaidOutEdge,
  LaidOutNode,
  LayoutOptions,
  MeasureText,
  PipelineGraph,
  Point,
} from './types';

const DEFAULTS: Required<LayoutOptions> = {
  paddingX: 10,
  paddingY: 6,
  columnGap: 60,
  rowGap: 12,
  spacerHeight: 2,
  margin: 10,
};

/**
 * A line's points: flat from the source box to its column's right side, flat
 * through each spacer slot, bending only in the gaps between columns, and
 * ending on the target box's left side. The x of the points always grows.
 */
function route(chain: Chain, slots: readonly Slot[], p: Placement): Point[] {
  const centre = (slot: number): number => p.y[slot]! + p.height[slot]! / 2;
  const ids = chain.slots;
  const first = ids[0]!;
  const last = ids[ids.length - 1]!;
  const points: Point[] = [[p.x[first]! + slots[first]!.width, centre(first)]];
  const push = (x: number, y: number): void => {
    if (x > points[points.length - 1]![0]) points.push([x, y]);
  };
  push(p.columnRight[slots[first]!.column]!, centre(first));
  for (const slot of ids.slice(1, -1)) {
    push(p.columnLeft[slots[slot]!.column]!, centre(slot));
    push(p.columnRight[slots[slot]!.column]!, centre(slot));
  }
  points.push([p.x[last]!, centre(last)]);
  return chain.reversed ? points.reverse() : points;
}

/**
 * Boxes, columns and routed lines for a pipeline graph. Boxes merged with an
 * equivalent box (see `GraphNode.mergeKey`) are absent from the result; their
 * lines start from the box that was kept.
 */
export function layoutGraph(input: PipelineGraph, measureText: MeasureText, options: LayoutOptions = {}): GraphLayout {
  const o = { ...DEFAULTS, ...options };
  const graph = mergeEquivalent(input);
  const index = new Map<string, number>();
  graph.nodes.forEach((n, i) => index.set(n.id, i));
  const sizes = graph.nodes.map((n) => {
    const text = measureText(n.label);
    return { width: text.width + 2 * o.paddingX, height: text.height + 2 * o.paddingY };
  });
  const known = graph.edges.filter((e) => index.has(e.from) && index.has(e.to));
  const edges = known.map((e) => ({ from: index.get(e.from)!, to: index.get(e.to)! }));
  const layered = layer({ sizes, edges });
  const layers = orderColumns(layered.slots, layered.chains, layered.columns);
  const spacing: Spacing = o;
  const p = place(layered.slots, layered.chains, layers, spacing);
  const nodes: LaidOutNode[] = graph.nodes.map((n, i) => ({
    id: n.id,
    x: p.x[i]!,
    y: p.y[i]!,
    width: sizes[i]!.width,
    height: sizes[i]!.height,
    column: layered.slots[i]!.column,
  }));
  const laidEdges: LaidOutEdge[] = layered.chains.map((chain) => {
    const e = known[chain.edge]!;
    return { from: e.from, to: e.to, kind: e.kind, trigger: e.trigger, points: route(chain, layered.slots, p) };
  });
  return { nodes, edges: laidEdges, width: p.width, height: p.totalHeight };
}
