import type { LaidOutEdge } from '../../../src/core/graph';

/** A line: solid when a new version triggers the job downstream, dashed when not. */
export function GraphEdge({ edge }: { edge: LaidOutEdge }) {
  const d = edge.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x},${y}`).join(' ');
  return (
    <path
      d={d}
      className={`edge edge-${edge.kind} ${edge.trigger ? 'trigger' : 'no-trigger'}`}
      strokeDasharray={edge.trigger ? undefined : '5 4'}
      data-testid="graph-edge"
      data-from={edge.from}
      data-to={edge.to}
      data-trigger={String(edge.trigger)}
    />
  );
}
