// Columns. Every box gets a column: its longest path from a box with no lines
// in, so every line goes left to right; then a box with lines out but none in
// (a resource gotten without `passed`) moves right to sit just before the
// leftmost job that uses it. A line that spans several columns becomes a chain
// through spacer slots, one per column it crosses, so it can be routed between
// the boxes of those columns instead of through them.

/** A box or spacer slot in a column. Spacers have `node === -1`. */
export interface Slot {
  readonly node: number;
  readonly column: number;
  readonly width: number;
  readonly height: number;
}

/** An original line as a chain of slots, one per column, left to right. */
export interface Chain {
  readonly edge: number;
  readonly slots: readonly number[];
  /** The line was turned around to break a cycle; its points go right to left. */
  readonly reversed: boolean;
}

export interface Layered {
  readonly slots: Slot[];
  readonly chains: Chain[];
  readonly columns: number;
}

export interface LayerInput {
  readonly sizes: readonly { width: number; height: number }[];
  readonly edges: readonly { from: number; to: number }[];
}

/**
 * The lines that close a cycle, found by a depth-first walk in node order.
 * Turning them around makes the graph acyclic. Iterative, so a long chain of
 * jobs cannot overflow the stack.
 */
export function backEdges(count: number, edges: readonly { from: number; to: number }[]): Set<number> {
  const out: number[][] = Array.from({ length: count }, () => []);
  edges.forEach((e, i) => out[e.from]!.push(i));
  const state = new Uint8Array(count); // 0 new, 1 on the walk's path, 2 done
  const back = new Set<number>();
  for (let root = 0; root < count; root++) {
    if (state[root] !== 0) continue;
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [node, next] = top;
      if (next >= out[node]!.length) {
        state[node] = 2;
        stack.pop();
        continue;
      }
      top[1] = next + 1;
      const edge = out[node]![next]!;
      const to = edges[edge]!.to;
      if (state[to] === 1 || to === node) back.add(edge);
      else if (state[to] === 0) {
        state[to] = 1;
        stack.push([to, 0]);
      }
    }
  }
  return back;
}

/** Longest path from the sources, with sources pulled next to their first user. */
export function assignColumns(count: number, edges: readonly { from: number; to: number }[]): number[] {
  const preds: number[][] = Array.from({ length: count }, () => []);
  const succs: number[][] = Array.from({ length: count }, () => []);
  const indegree = new Array<number>(count).fill(0);
  for (const e of edges) {
    preds[e.to]!.push(e.from);
    succs[e.from]!.push(e.to);
    indegree[e.to]!++;
  }
  const column = new Array<number>(count).fill(0);
  const queue: number[] = [];
  for (let n = 0; n < count; n++) if (indegree[n] === 0) queue.push(n);
  for (let head = 0; head < queue.length; head++) {
    const n = queue[head]!;
    for (const s of succs[n]!) {
      column[s] = Math.max(column[s]!, column[n]! + 1);
      if (--indegree[s]! === 0) queue.push(s);
    }
  }
  for (let n = 0; n < count; n++) {
    if (preds[n]!.length === 0 && succs[n]!.length > 0) {
      column[n] = succs[n]!.reduce((m, s) => Math.min(m, column[s]!), Infinity) - 1;
    }
  }
  const min = column.reduce((m, c) => Math.min(m, c), Infinity);
  return column.map((c) => c - (Number.isFinite(min) ? min : 0));
}

/** Columns, spacer slots and the slot chain of every line. */
export function layer(input: LayerInput): Layered {
  const count = input.sizes.length;
  const back = backEdges(count, input.edges);
  const oriented = input.edges.map((e, i) => (back.has(i) ? { from: e.to, to: e.from } : e));
  // A self-line (only possible from a broken config) has no column to span.
  const usable = oriented.filter((e) => e.from !== e.to);
  const column = assignColumns(count, usable);
  const slots: Slot[] = input.sizes.map((s, node) => ({ node, column: column[node]!, ...s }));
  const chains: Chain[] = [];
  oriented.forEach((e, edge) => {
    if (e.from === e.to) return;
    const chain = [e.from];
    for (let c = column[e.from]! + 1; c < column[e.to]!; c++) {
      chain.push(slots.length);
      slots.push({ node: -1, column: c, width: 0, height: 0 });
    }
    chain.push(e.to);
    chains.push({ edge, slots: chain, reversed: back.has(edge) });
  });
  const columns = column.reduce((m, c) => Math.max(m, c + 1), 0);
  return { slots, chains, columns };
}
