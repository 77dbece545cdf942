// The dashboard's view model: pipelines with their jobs' statuses, grouped by
// team and filtered by the search box (`status:failed`, `team:main`, or words
// of the name). Pure, so the 1,000-pipeline case is tested without a browser.
import type { Job, Pipeline } from '../../../src/protocol/api';
import { type UiStatus, jobStatus, pipelineStatus } from './status';

export interface CardJob {
  readonly name: string;
  readonly status: UiStatus;
}

export interface PipelineCard {
  readonly key: string;
  readonly pipeline: Pipeline;
  readonly jobs: readonly CardJob[];
  readonly status: UiStatus;
}

export interface TeamGroup {
  readonly team: string;
  readonly cards: readonly PipelineCard[];
}

/** Cards for each pipeline; a card keeps its identity when its data did not change, so React skips it. */
export function buildCards(pipelines: readonly Pipeline[], jobs: readonly Job[], previous?: ReadonlyMap<string, PipelineCard>): PipelineCard[] {
  const byPipeline = new Map<number, CardJob[]>();
  for (const j of jobs) {
    const list = byPipeline.get(j.pipeline_id) ?? [];
    list.push({ name: j.name, status: jobStatus(j) });
    byPipeline.set(j.pipeline_id, list);
  }
  return pipelines.map((p) => {
    const cardJobs = byPipeline.get(p.id) ?? [];
    const card: PipelineCard = {
      key: `${p.team_name}/${p.name}/${p.id}`,
      pipeline: p,
      jobs: cardJobs,
      status: pipelineStatus(p, cardJobs.map((j) => j.status)),
    };
    const old = previous?.get(card.key);
    return old && sameCard(old, card) ? old : card;
  });
}

function sameCard(a: PipelineCard, b: PipelineCard): boolean {
  const pa = a.pipeline;
  const pb = b.pipeline;
  if (a.status !== b.status || pa.paused !== pb.paused || pa.archived !== pb.archived || pa.public !== pb.public) return false;
  if (a.jobs.length !== b.jobs.length) return false;
  return a.jobs.every((j, i) => j.name === b.jobs[i]!.name && j.status === b.jobs[i]!.status);
}

export interface Filter {
  readonly words: readonly string[];
  readonly statuses: readonly string[];
  readonly teams: readonly string[];
}

export function parseFilter(text: string): Filter {
  const words: string[] = [];
  const statuses: string[] = [];
  const teams: string[] = [];
  for (const w of text.toLowerCase().split(/\s+/).filter(Boolean)) {
    if (w.startsWith('status:')) statuses.push(w.slice(7));
    else if (w.startsWith('team:')) teams.push(w.slice(5));
    else words.push(w);
  }
  return { words, statuses, teams };
}

export function matches(card: PipelineCard, f: Filter): boolean {
  const p = card.pipeline;
  const name = p.name.toLowerCase();
  if (!f.words.every((w) => name.includes(w))) return false;
  if (f.teams.length && !f.teams.includes(p.team_name.toLowerCase())) return false;
  if (f.statuses.length) {
    const has = (s: string) => (s === 'archived' ? p.archived : card.status === s || card.jobs.some((j) => j.status === s));
    if (!f.statuses.some(has)) return false;
  }
  return true;
}

/** Cards grouped by team (teams in name order, cards in the API's order). */
export function groupByTeam(cards: readonly PipelineCard[], f: Filter): TeamGroup[] {
  const groups = new Map<string, PipelineCard[]>();
  for (const c of cards) {
    if (!matches(c, f)) continue;
    const list = groups.get(c.pipeline.team_name) ?? [];
    list.push(c);
    groups.set(c.pipeline.team_name, list);
  }
  return [...groups.keys()].sort().map((team) => ({ team, cards: groups.get(team)! }));
}

export type DashboardRow =
  | { readonly type: 'team'; readonly team: string; readonly count: number }
  | { readonly type: 'cards'; readonly team: string; readonly cards: readonly PipelineCard[] };

/** Rows for the virtual list: a team header, then rows of `perRow` cards. */
export function dashboardRows(groups: readonly TeamGroup[], perRow: number): DashboardRow[] {
  const rows: DashboardRow[] = [];
  for (const g of groups) {
    rows.push({ type: 'team', team: g.team, count: g.cards.length });
    for (let i = 0; i < g.cards.length; i += perRow) rows.push({ type: 'cards', team: g.team, cards: g.cards.slice(i, i + perRow) });
  }
  return rows;
}
