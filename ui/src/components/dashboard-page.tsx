// Every pipeline the user can see, grouped by team, virtualised. Updates by a
// conditional refresh every 5 s while the tab is visible: the API answers 304
// when nothing changed (ETag), and only changed cards re-render.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Job, Pipeline, UserInfo } from '../../../src/protocol/api';
import { apiGetIfChanged } from '../lib/api';
import { type PipelineCard as Card, buildCards, dashboardRows, groupByTeam, parseFilter } from '../lib/dashboard-model';
import { PipelineCard } from './pipeline-card';
import { TopBar } from './top-bar';
import { VirtualList } from './virtual-list';

const REFRESH_MS = 5000;
const CARD_WIDTH = 272;
const ROW_HEIGHT = 116;
const TEAM_HEIGHT = 48;

function useDashboardData(): { cards: Card[]; error?: string; loaded: boolean } {
  const [state, setState] = useState<{ cards: Card[]; error?: string; loaded: boolean }>({ cards: [], loaded: false });
  useEffect(() => {
    let stopped = false;
    const tags: { pipelines?: string; jobs?: string } = {};
    let pipelines: Pipeline[] = [];
    let jobs: Job[] = [];
    let byKey = new Map<string, Card>();
    const refresh = async () => {
      if (document.hidden) return;
      try {
        const [p, j] = await Promise.all([apiGetIfChanged<Pipeline[]>('/api/v1/pipelines', tags.pipelines), apiGetIfChanged<Job[]>('/api/v1/jobs', tags.jobs)]);
        if (stopped || (!p && !j && byKey.size + pipelines.length > 0)) return;
        if (p) ({ body: pipelines, etag: tags.pipelines } = p);
        if (j) ({ body: jobs, etag: tags.jobs } = j);
        const cards = buildCards(pipelines, jobs, byKey);
        byKey = new Map(cards.map((c) => [c.key, c]));
        setState({ cards, loaded: true });
      } catch (err) {
        if (!stopped) setState((s) => ({ ...s, error: (err as Error).message, loaded: true }));
      }
    };
    void refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    const onVisible = () => void refresh();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
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
