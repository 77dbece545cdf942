// Measures of a finished layout that a reader of the picture notices: how
// many lines cross. Used by tests and available to the UI for diagnostics.
import type { GraphLayout } from './types';

interface Segment {
  readonly y1: number;
  readonly y2: number;
}

/**
 * Pairs of lines that cross. Lines bend only between two columns and every
 * bending segment there spans the same x range, so two segments cross exactly
 * when their ends are in opposite vertical order.
 */
export function countEdgeCrossings(layout: GraphLayout): number {
  const byRange = new Map<string, Segment[]>();
  for (const edge of layout.edges) {
    for (let i = 0; i + 1 < edge.points.length; i++) {
      const [ax, ay] = edge.points[i]!;
      const [bx, by] = edge.points[i + 1]!;
      const [x1, y1, x2, y2] = ax <= bx ? [ax, ay, bx, by] : [bx, by, ax, ay];
      const key = `${x1}:${x2}`;
      const list = byRange.get(key) ?? [];
      list.push({ y1, y2 });
      byRange.set(key, list);
    }
  }
  let crossings = 0;
  for (const list of byRange.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        if ((list[i]!.y1 - list[j]!.y1) * (list[i]!.y2 - list[j]!.y2) < 0) crossings++;
      }
    }
  }
  return crossings;
}

interface Box {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** True when the segment enters the inside of the box (touching its border does not count). */
function segmentEntersBox(ax: number, ay: number, bx: number, by: number, box: Box): boolean {
  // Liang–Barsky clipping against the open rectangle.
  let t0 = 0;
  let t1 = 1;
  const dx = bx - ax;
  const dy = by - ay;
  const sides: [number, number][] = [
    [-dx, ax - box.x],
    [dx, box.x + box.width - ax],
    [-dy, ay - box.y],
    [dy, box.y + box.height - ay],
  ];
  for (const [p, q] of sides) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 >= t1) return false;
  }
  return true;
}

/**
 * What is wrong with a layout, in words; empty when boxes do not overlap, every
 * line runs left to right, and no line passes through a box it does not join.
 */
export function layoutProblems(layout: GraphLayout): string[] {
  const problems: string[] = [];
  const boxes = layout.nodes;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (overlaps(boxes[i]!, boxes[j]!)) problems.push(`boxes ${boxes[i]!.id} and ${boxes[j]!.id} overlap`);
    }
  }
  for (const edge of layout.edges) {
    const name = `line ${edge.from} -> ${edge.to}`;
    const pts = edge.points;
    for (let i = 0; i + 1 < pts.length; i++) {
      const [ax, ay] = pts[i]!;
      const [bx, by] = pts[i + 1]!;
      if (!(bx > ax)) problems.push(`${name} does not run left to right at point ${i + 1}`);
      for (const box of boxes) {
        if (box.id === edge.from || box.id === edge.to) continue;
        if (segmentEntersBox(ax, ay, bx, by, box)) problems.push(`${name} passes through box ${box.id}`);
      }
    }
  }
  return problems;
}
