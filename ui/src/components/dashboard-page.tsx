// Every pipeline the user can see, grouped by team, virtualised. Kept current by
// the dashboard event stream (GET /api/v1/dashboard/events): a snapshot, then only
// the pipelines that changed; a card re-renders only when its own data changed.
// A broken stream is reopened (with a fresh snapshot) after a growing pause.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { UserInfo } from '../../../src/protocol/api';
import { apiStream } from '../lib/api';
import { DashboardState } from '../lib/dashboard-state';
import { type PipelineCard as Card, dashboardRows, groupByTeam, parseFilter } from '../lib/dashboard-model';
import { readSse } from '../lib/sse';
import { PipelineCard } from './pipeline-card';
import { TopBar } from './top-bar';
import { VirtualList } from './virtual-list';

const CARD_WIDTH = 272;
const ROW_HEIGHT = 116;
const TEAM_HEIGHT = 48;
const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

function useDashboardData(): { cards: Card[]; error?: string; loaded: boolean } {
  const [state, setState] = useState<{ cards: Card[]; error?: string; loaded: boolean }>({ cards: [], loaded: false });
  useEffect(() => {
    const abort = new AbortController();
    const model = new DashboardState();
    let frame = 0;
    const render = () => {
      frame = 0;
      setState({ cards: model.cards(), loaded: true });
    };
    const run = async (): Promise<void> => {
      for (let attempt = 0; !abort.signal.aborted; attempt++) {
        try {
          const res = await apiStream('/api/v1/dashboard/events', abort.signal);
          await readSse(res.body!, (msgs) => {
            for (const m of msgs) if (model.apply(m.event, m.data)) attempt = 0;
            frame ||= requestAnimationFrame(render);
          });
        } catch (err) {
          if (abort.signal.aborted) return;
          setState((s) => ({ ...s, error: (err as Error).message, loaded: true }));
        }
        await new Promise((r) => setTimeout(r, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]));
      }
    };
    void run();
    return () => {
      abort.abort();
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);
  return state;
}

export function DashboardPage({ user }: { user: UserInfo | undefined }) {
  const { cards, error, loaded } = useDashboardData();
  const [filter, setFilter] = useState('');
  const [width, setWidth] = useState(() => window.innerWidth);
  useEffect(() => {
    const on = () => setWidth(window.innerWidth);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  const perRow = Math.max(1, Math.floor((width - 32) / CARD_WIDTH));
  const groups = useMemo(() => groupByTeam(cards, parseFilter(filter)), [cards, filter]);
  const rows = useMemo(() => dashboardRows(groups, perRow), [groups, perRow]);
  const rowHeight = useCallback((i: number) => (rows[i]?.type === 'team' ? TEAM_HEIGHT : ROW_HEIGHT), [rows]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const shown = groups.reduce((n, g) => n + g.cards.length, 0);
  return (
    <div className="page">
      <TopBar user={user} />
      <div className="toolbar">
        <input className="filter" placeholder="filter: name, status:failed, team:main" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="dashboard-filter" />
        <span className="muted" data-testid="pipeline-count">{loaded ? `${shown} of ${cards.length} pipelines` : 'loading…'}</span>
        {error && <span className="error">{error}</span>}
      </div>
      {loaded && cards.length === 0 && !error && <p className="message">no pipelines{user ? '' : ' — log in to see your team’s pipelines'}</p>}
      <VirtualList
        scrollRef={scrollRef}
        count={rows.length}
        rowHeight={rowHeight}
        testId="dashboard"
        ready={loaded}
        renderRow={(i) => {
          const row = rows[i]!;
          if (row.type === 'team') return <h2 className="team-header" data-testid="team-header">{row.team} <span className="muted">{row.count}</span></h2>;
          return (
            <div className="card-row">
              {row.cards.map((c) => <PipelineCard key={c.key} card={c} />)}
            </div>
          );
        }}
      />
    </div>
  );
}
