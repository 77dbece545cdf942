// Order within columns, to keep lines from crossing: a few barycenter sweeps
// (each slot moves to the mean position of its neighbours in the column just
// swept), keeping the best order seen, then swaps of neighbouring slots while a
// swap removes crossings. Ties keep the current order, so the result depends
// only on the input order: deterministic.
import type { Chain, Slot } from './layering';

const MAX_SWEEPS = 24;
const PATIENCE = 4;
const MAX_TRANSPOSE_PASSES = 16;

interface Adjacency {
  /** Neighbours one column to the left / right, per slot. */
  readonly left: number[][];
  readonly right: number[][];
}

function adjacency(slotCount: number, chains: readonly Chain[]): Adjacency {
  const left: number[][] = Array.from({ length: slotCount }, () => []);
  const right: number[][] = Array.from({ length: slotCount }, () => []);
  for (const chain of chains) {
    for (let i = 0; i + 1 < chain.slots.length; i++) {
      const a = chain.slots[i]!;
      const b = chain.slots[i + 1]!;
      right[a]!.push(b);
      left[b]!.push(a);
    }
  }
  return { left, right };
}

function positions(slotCount: number, layers: readonly number[][]): Int32Array {
  const pos = new Int32Array(slotCount);
  for (const layer of layers) layer.forEach((slot, i) => (pos[slot] = i));
  return pos;
}

/** Crossings between one column and the next: inversions among its lines' ends. */
function crossingsBetween(layer: readonly number[], nextSize: number, right: number[][], pos: Int32Array): number {
  const ends: number[] = [];
  for (const slot of layer) {
    const targets = right[slot]!.map((t) => pos[t]!).sort((a, b) => a - b);
    ends.push(...targets);
  }
  // Count pairs i < j with ends[i] > ends[j], with a Fenwick tree over positions.
  const tree = new Int32Array(nextSize + 1);
  let crossings = 0;
  for (let i = 0; i < ends.length; i++) {
    let seenAtOrBelow = 0;
    for (let k = ends[i]! + 1; k > 0; k -= k & -k) seenAtOrBelow += tree[k]!;
    crossings += i - seenAtOrBelow;
    for (let k = ends[i]! + 1; k <= nextSize; k += k & -k) tree[k]!++;
  }
  return crossings;
}

export function countCrossings(layers: readonly number[][], right: number[][], pos: Int32Array): number {
  let total = 0;
  for (let c = 0; c + 1 < layers.length; c++) total += crossingsBetween(layers[c]!, layers[c + 1]!.length, right, pos);
  return total;
}

/** Reorders one column by the mean position of each slot's neighbours; slots without neighbours stay put. */
function sortByBarycenter(layer: number[], neighbours: number[][], pos: Int32Array): void {
  const movable: { slot: number; key: number; at: number }[] = [];
  const free: number[] = [];
  layer.forEach((slot, at) => {
    const ns = neighbours[slot]!;
    if (ns.length === 0) return;
    let sum = 0;
    for (const n of ns) sum += pos[n]!;
    movable.push({ slot, key: sum / ns.length, at });
    free.push(at);
  });
  movable.sort((a, b) => a.key - b.key || a.at - b.at);
  movable.forEach((m, i) => (layer[free[i]!] = m.slot));
  layer.forEach((slot, i) => (pos[slot] = i));
}

/** Crossings among the lines of u and v when u sits above v. */
function pairCrossings(u: number, v: number, adj: Adjacency, pos: Int32Array): number {
  let count = 0;
  for (const side of [adj.left, adj.right]) {
    for (const a of side[u]!) for (const b of side[v]!) if (pos[a]! > pos[b]!) count++;
  }
  return count;
}

function transpose(layers: number[][], adj: Adjacency, pos: Int32Array): void {
  for (let pass = 0; pass < MAX_TRANSPOSE_PASSES; pass++) {
    let improved = false;
    for (const layer of layers) {
      for (let i = 0; i + 1 < layer.length; i++) {
        const u = layer[i]!;
        const v = layer[i + 1]!;
        if (pairCrossings(v, u, adj, pos) < pairCrossings(u, v, adj, pos)) {
          layer[i] = v;
          layer[i + 1] = u;
          pos[v] = i;
          pos[u] = i + 1;
          improved = true;
        }
      }
    }
    if (!improved) return;
  }
}

function sweep(layers: number[][], adj: Adjacency, pos: Int32Array, rightward: boolean): void {
  if (rightward) for (let c = 1; c < layers.length; c++) sortByBarycenter(layers[c]!, adj.left, pos);
  else for (let c = layers.length - 2; c >= 0; c--) sortByBarycenter(layers[c]!, adj.right, pos);
}

/** The slots of each column, top to bottom, with few crossing lines. */
export function orderColumns(slots: readonly Slot[], chains: readonly Chain[], columns: number): number[][] {
  const layers: number[][] = Array.from({ length: columns }, () => []);
  slots.forEach((s, i) => layers[s.column]!.push(i));
  const adj = adjacency(slots.length, chains);
  const pos = positions(slots.length, layers);
  let best = layers.map((l) => [...l]);
  let bestCrossings = countCrossings(layers, adj.right, pos);
  let stale = 0;
  for (let i = 0; i < MAX_SWEEPS && bestCrossings > 0 && stale < PATIENCE; i++) {
    sweep(layers, adj, pos, i % 2 === 0);
    const crossings = countCrossings(layers, adj.right, pos);
    if (crossings < bestCrossings) {
      best = layers.map((l) => [...l]);
      bestCrossings = crossings;
      stale = 0;
    } else stale++;
  }
  const bestPos = positions(slots.length, best);
  transpose(best, adj, bestPos);
  return best;
}

/** Total crossings of an ordering, for tests and diagnostics. */
export function orderingCrossings(slotCount: number, chains: readonly Chain[], layers: readonly number[][]): number {
  const adj = adjacency(slotCount, chains);
  return countCrossings(layers, adj.right, positions(slotCount, layers));
}
