// Coordinates. Columns sit side by side, each as wide as its widest box, with a
// gap between them where lines bend. Inside a column the order is fixed; each
// slot wants its centre level with the mean centre of its neighbours, and the
// closest placement that keeps the order and the row gap is found exactly by
// isotonic regression (pool adjacent violators). A few sweeps left and right
// straighten the lines; spacer slots weigh more so long lines run flat.
import type { Chain, Slot } from './layering';

export interface Spacing {
  readonly columnGap: number;
  readonly rowGap: number;
  readonly spacerHeight: number;
  readonly margin: number;
}

export interface Placement {
  /** Top-left corner and height of every slot. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly height: Float64Array;
  readonly columnLeft: number[];
  readonly columnRight: number[];
  readonly width: number;
  readonly totalHeight: number;
}

const SWEEPS = 8;
const SPACER_WEIGHT = 2;

/** Least-squares non-decreasing fit of `values` (weighted), by pooling adjacent violators. */
export function isotonic(values: readonly number[], weights: readonly number[]): number[] {
  const blocks: { sum: number; weight: number; size: number }[] = [];
  values.forEach((v, i) => {
    const w = weights[i]!;
    blocks.push({ sum: v * w, weight: w, size: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!;
      const prev = blocks[blocks.length - 2]!;
      if (prev.sum / prev.weight <= last.sum / last.weight) break;
      prev.sum += last.sum;
      prev.weight += last.weight;
      prev.size += last.size;
      blocks.pop();
    }
  });
  return blocks.flatMap((b) => new Array<number>(b.size).fill(b.sum / b.weight));
}

function neighbours(slotCount: number, chains: readonly Chain[]): number[][] {
  const ns: number[][] = Array.from({ length: slotCount }, () => []);
  for (const chain of chains) {
    for (let i = 0; i + 1 < chain.slots.length; i++) {
      ns[chain.slots[i]!]!.push(chain.slots[i + 1]!);
      ns[chain.slots[i + 1]!]!.push(chain.slots[i]!);
    }
  }
  return ns;
}

/** Places one column's slots as near their wanted centres as order and gaps allow. */
function placeColumn(layer: readonly number[], want: (slot: number) => number, p: Placement, s: Slot[], gap: number): void {
  const shifted: number[] = [];
  const weights: number[] = [];
  let offset = 0;
  for (const slot of layer) {
    shifted.push(want(slot) - p.height[slot]! / 2 - offset);
    weights.push(s[slot]!.node < 0 ? SPACER_WEIGHT : 1);
    offset += p.height[slot]! + gap;
  }
  const fitted = isotonic(shifted, weights);
  offset = 0;
  layer.forEach((slot, i) => {
    p.y[slot] = fitted[i]! + offset;
    offset += p.height[slot]! + gap;
  });
}

function columnBounds(slots: readonly Slot[], columns: number, sp: Spacing): { left: number[]; right: number[] } {
  const widths = new Array<number>(columns).fill(0);
  for (const s of slots) widths[s.column] = Math.max(widths[s.column]!, s.width);
  const left: number[] = [];
  const right: number[] = [];
  let x = sp.margin;
  for (let c = 0; c < columns; c++) {
    left.push(x);
    right.push(x + widths[c]!);
    x += widths[c]! + sp.columnGap;
  }
  return { left, right };
}

/** Coordinates for every slot, given the order of each column. */
export function place(slots: Slot[], chains: readonly Chain[], layers: readonly number[][], sp: Spacing): Placement {
  const n = slots.length;
  const { left, right } = columnBounds(slots, layers.length, sp);
  const p: Placement = {
    x: new Float64Array(n),
    y: new Float64Array(n),
    height: new Float64Array(n),
    columnLeft: left,
    columnRight: right,
    width: 0,
    totalHeight: 0,
  };
  slots.forEach((s, i) => {
    p.x[i] = left[s.column]!;
    p.height[i] = s.node < 0 ? sp.spacerHeight : s.height;
  });
  for (const layer of layers) placeColumn(layer, (slot) => 0, p, slots, sp.rowGap);
  const ns = neighbours(n, chains);
  const centre = (slot: number): number => p.y[slot]! + p.height[slot]! / 2;
  const want = (slot: number): number => {
    const list = ns[slot]!;
    if (list.length === 0) return centre(slot);
    let sum = 0;
    for (const other of list) sum += centre(other);
    return sum / list.length;
  };
  for (let i = 0; i < SWEEPS; i++) {
    const order = i % 2 === 0 ? layers : [...layers].reverse();
    for (const layer of order) placeColumn(layer, want, p, slots, sp.rowGap);
  }
  return normalise(p, layers, sp);
}

/** Moves everything so the topmost slot sits at the margin, and measures the picture. */
function normalise(p: Placement, layers: readonly number[][], sp: Spacing): Placement {
  let top = Infinity;
  let bottom = -Infinity;
  for (const layer of layers) {
    for (const slot of layer) {
      top = Math.min(top, p.y[slot]!);
      bottom = Math.max(bottom, p.y[slot]! + p.height[slot]!);
    }
  }
  if (!Number.isFinite(top)) return { ...p, width: 2 * sp.margin, totalHeight: 2 * sp.margin };
  for (let i = 0; i < p.y.length; i++) p.y[i] = p.y[i]! - top + sp.margin;
  const lastRight = p.columnRight[p.columnRight.length - 1] ?? sp.margin;
  return { ...p, width: lastRight + sp.margin, totalHeight: bottom - top + 2 * sp.margin };
}
