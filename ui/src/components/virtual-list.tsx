// Renders only the rows in view (plus a margin) of a long list of fixed-height
// rows: 1,000 pipelines or a million log lines cost the same DOM.
import { type ReactNode, type RefObject, useLayoutEffect, useState } from 'react';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ReactNode;
  scrollRef: RefObject<HTMLDivElement | null>;
  onScroll?: () => void;
  className?: string;
  testId?: string;
  overscan?: number;
}

export function VirtualList({ count, rowHeight, renderRow, scrollRef, onScroll, className, testId, overscan = 10 }: VirtualListProps) {
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
  const first = Math.max(0, Math.floor(view.top / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={i} className="vrow" style={{ top: i * rowHeight, height: rowHeight }}>
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div ref={scrollRef} className={`vscroll ${className ?? ''}`} onScroll={onScroll} data-testid={testId}>
      <div className="vinner" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
