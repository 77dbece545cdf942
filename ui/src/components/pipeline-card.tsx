import { memo } from 'react';
import type { PipelineCard as Card } from '../lib/dashboard-model';
import { links } from '../lib/router';
import { STATUS_COLOURS } from '../lib/status';
import { Link } from './link';

/** One pipeline on the dashboard: a bar per job in its status colour. Memoised: unchanged cards skip rendering. */
export const PipelineCard = memo(function PipelineCard({ card }: { card: Card }) {
  const p = card.pipeline;
  const tags = [p.paused && 'paused', p.archived && 'archived', p.public && 'public'].filter(Boolean) as string[];
  return (
    <div className={`card status-${card.status}`} data-testid="pipeline-card" data-pipeline={p.name} data-team={p.team_name} data-status={card.status}>
      <div className="card-banner" style={{ background: p.archived ? STATUS_COLOURS.archived : STATUS_COLOURS[card.status] }} />
      <Link href={links.pipeline(p.team_name, p.name)} className="card-name">{p.name}</Link>
      <div className="card-jobs">
        {card.jobs.length === 0 && <span className="muted">no jobs</span>}
        {card.jobs.map((j) => (
          <span key={j.name} title={`${j.name}: ${j.status}`} className={`card-job status-${j.status}`} style={{ background: STATUS_COLOURS[j.status] }} data-job={j.name} data-status={j.status} />
        ))}
      </div>
      <div className="card-tags">
        {tags.map((t) => (
          <span key={t} className={`tag tag-${t}`}>{t}</span>
        ))}
      </div>
    </div>
  );
});
