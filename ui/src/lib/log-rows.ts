// The build page's rows for virtual rendering: a header per step, then that
// step's log lines when it is expanded. Rows are kept as blocks (a header, or a
// run of lines of one step) with running start indexes, so a million log lines
// cost one block and finding row i is a binary search. Pure.
import { stripAnsi } from './ansi';
import type { BuildLog } from './build-log';
import { type StepNode, isLeaf } from './step-tree';

export type Row =
  | { readonly type: 'step'; readonly node: StepNode; readonly depth: number }
  | { readonly type: 'line'; readonly stepId: string; readonly line: number; readonly depth: number };

type Block =
  | { readonly type: 'step'; readonly node: StepNode; readonly depth: number; readonly start: number }
  | { readonly type: 'lines'; readonly stepId: string; readonly count: number; readonly depth: number; readonly start: number };

export interface RowLayout {
  readonly blocks: readonly Block[];
  readonly total: number;
}

/** Lays out the tree; `collapsed` holds ids of steps whose children or log are hidden. */
export function layoutRows(log: BuildLog, collapsed: ReadonlySet<string>): RowLayout {
  const blocks: Block[] = [];
  let total = 0;
  const lines = (stepId: string, depth: number): void => {
    const count = log.steps.get(stepId)?.log.length ?? 0;
    if (count > 0) {
      blocks.push({ type: 'lines', stepId, count, depth, start: total });
      total += count;
    }
  };
  lines('', 0);
  const walk = (nodes: readonly StepNode[], depth: number): void => {
    for (const node of nodes) {
      blocks.push({ type: 'step', node, depth, start: total });
      total += 1;
      if (collapsed.has(node.id)) continue;
      if (isLeaf(node)) lines(node.id, depth + 1);
      else walk(node.children, depth + 1);
    }
  };
  walk(log.tree, 0);
  return { blocks, total };
}

/** Row i of a layout (0 ≤ i < total). */
export function rowAt(layout: RowLayout, i: number): Row | undefined {
  const { blocks } = layout;
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid]!.start <= i) lo = mid;
    else hi = mid - 1;
  }
  const b = blocks[lo];
  if (!b || i < b.start) return undefined;
  if (b.type === 'step') return i === b.start ? { type: 'step', node: b.node, depth: b.depth } : undefined;
  const line = i - b.start;
  return line < b.count ? { type: 'line', stepId: b.stepId, line, depth: b.depth } : undefined;
}

/** The row index of a step's header or of one of its log lines, if shown. */
export function rowOf(layout: RowLayout, stepId: string, line?: number): number | undefined {
  for (const b of layout.blocks) {
    if (line === undefined && b.type === 'step' && b.node.id === stepId) return b.start;
    if (line !== undefined && b.type === 'lines' && b.stepId === stepId && line < b.count) return b.start + line;
  }
  return undefined;
}

export interface SearchHit {
  readonly stepId: string;
  readonly line: number;
}

/** Every log line containing the query (case-insensitive, escapes ignored), in page order. */
export function searchLog(log: BuildLog, query: string, order: readonly string[], limit = 100_000): SearchHit[] {
  const hits: SearchHit[] = [];
  if (query === '') return hits;
  // A case-insensitive regexp tests a line without copying it (toLowerCase would, a million times).
  const re = new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  for (const stepId of order) {
    const lines = log.steps.get(stepId)?.log.lines ?? [];
    for (let i = 0; i < lines.length && hits.length < limit; i++) {
      const l = lines[i]!;
      // Raw line first; only a miss on a line with escapes is retried without them.
      if (re.test(l) || (l.includes('\x1b') && re.test(stripAnsi(l)))) {
        hits.push({ stepId, line: i });
      }
    }
  }
  return hits;
}

/** Step ids in the order the page shows them (the build-level log first). */
export function stepOrder(log: BuildLog): string[] {
  const out = [''];
  const walk = (nodes: readonly StepNode[]): void => {
    for (const n of nodes) {
      if (isLeaf(n)) out.push(n.id);
      walk(n.children);
    }
  };
  walk(log.tree);
  return out;
}
