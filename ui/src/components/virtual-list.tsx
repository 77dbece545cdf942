// Renders only the rows in view (plus a margin) of a long list: 1,000
// pipelines or a million log lines cost the same DOM. Rows have one fixed
// height (the log), or a height per row (the dashboard's team headers and card
// rows), kept as running offsets and searched by bisection.
import { type ReactNode, type RefObject, useLayoutEffect, useMemo, useState } from 'react';

export interface VirtualListProps {
  count: number;
  rowHeight: number | ((index: number) => number);
  renderRow: (index: number) => ReactNode;
  scrollRef: RefObject<HTMLDivElement | null>;
  onScroll?: () => void;
  className?: string;
  testId?: string;
  overscan?: number;
  /** Marks the list `data-ready` once its data is loaded (tests and the benchmark wait on it). */
  ready?: boolean;
}

/** offsets[i] = top of row i; offsets[count] = total height. */
function rowOffsets(count: number, height: (i: number) => number): Float64Array {
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + height(i);
  return offsets;
}

function rowAtOffset(offsets: Float64Array, y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

export function VirtualList({ count, rowHeight, renderRow, scrollRef, onScroll, className, testId, overscan = 10, ready }: VirtualListProps) {
  const [view, setView] = useState({ top: 0, height: 800 });
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const update = () => setView({ top: el.scrollTop, height: el.clientHeight });
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    el.addEventListener('scroll', update, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', update);
    };
  }, [scrollRef]);
  const offsets = useMemo(() => (typeof rowHeight === 'number' ? undefined : rowOffsets(count, rowHeight)), [count, rowHeight]);
  const top = (i: number) => (offsets ? offsets[i]! : i * (rowHeight as number));
  const heightOf = (i: number) => (offsets ? offsets[i + 1]! - offsets[i]! : (rowHeight as number));
  const at = (y: number) => (offsets ? rowAtOffset(offsets, y) : Math.floor(y / (rowHeight as number)));
  const first = Math.max(0, at(view.top) - overscan);
  const last = Math.min(count, at(view.top + view.height) + 1 + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={i} className="vrow" style={{ top: top(i), height: heightOf(i) }}>
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div ref={scrollRef} className={`vscroll ${className ?? ''}`} onScroll={onScroll} data-testid={testId} data-ready={ready === undefined ? undefined : String(ready)}>
      <div className="vinner" style={{ height: offsets ? offsets[count]! : count * (rowHeight as number) }}>
        {rows}
      </div>
    </div>
  );
}
