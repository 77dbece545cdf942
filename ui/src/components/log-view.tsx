// The build's steps and logs as one virtualised list. Follows the end of the
// log while the user is at the bottom; scrolling up stops following, scrolling
// back down (or the button) resumes it.
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { BuildLog } from '../lib/build-log';
import { layoutRows, rowAt, type SearchHit } from '../lib/log-rows';
import { LogLine } from './log-line';
import { StepHeader } from './step-header';
import { VirtualList } from './virtual-list';

export const ROW_HEIGHT = 20;

interface Props {
  log: BuildLog;
  revision: number;
  collapsed: ReadonlySet<string>;
  onToggle: (id: string) => void;
  showTime: boolean;
  hit: SearchHit | undefined;
  /** Row to bring into view (search), changes when a new hit is chosen. */
  scrollTo: { row: number } | undefined;
  /** The event stream ended: the whole log is here. */
  ended: boolean;
  /** Follow the end from the start: only for a build still running. */
  followFirst: boolean;
}

export function LogView({ log, revision, collapsed, onToggle, showTime, hit, scrollTo, ended, followFirst }: Props) {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const layout = useMemo(() => layoutRows(log, collapsed), [log, revision, collapsed]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const follow = useRef(followFirst);
  const [following, setFollowing] = useState(followFirst);
  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
    if (atBottom !== follow.current) {
      follow.current = atBottom;
      setFollowing(atBottom);
    }
  }, []);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [layout]);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || !scrollTo) return;
    follow.current = false;
    setFollowing(false);
    el.scrollTop = Math.max(0, scrollTo.row * ROW_HEIGHT - el.clientHeight / 2);
  }, [scrollTo]);
  const renderRow = (i: number) => {
    const row = rowAt(layout, i);
    if (!row) return null;
    if (row.type === 'step') {
      return <StepHeader node={row.node} state={log.steps.get(row.node.id)} collapsed={collapsed.has(row.node.id)} depth={row.depth} onToggle={() => onToggle(row.node.id)} />;
    }
    const buf = log.steps.get(row.stepId)!.log;
    const isHit = hit !== undefined && hit.stepId === row.stepId && hit.line === row.line;
    return <LogLine text={buf.lines[row.line]!} style={buf.styleAt(row.line)} time={buf.times[row.line]} showTime={showTime} hit={isHit} depth={row.depth} />;
  };
  return (
    <div className="log-view" data-following={String(following)} data-ended={String(ended)} data-lines={layout.total} data-testid="log-view">
      <VirtualList scrollRef={scrollRef} count={layout.total} rowHeight={ROW_HEIGHT} renderRow={renderRow} onScroll={onScroll} className="log-scroll" testId="log-scroll" overscan={20} />
      {!following && (
        <button className="follow" data-testid="follow-log" onClick={() => { follow.current = true; setFollowing(true); const el = scrollRef.current; if (el) el.scrollTop = el.scrollHeight; }}>
          ↓ follow log
        </button>
      )}
    </div>
  );
}
