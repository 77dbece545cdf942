// A build: header (status, inputs, abort, rerun), then the step tree with logs,
// streamed live. Reached by id (/builds/:id) or by job and build name.
import { useCallback, useMemo, useState } from 'react';
import type { Build, UserInfo } from '../../../src/protocol/api';
import { apiGet, apiGetOptional, apiSend, paths } from '../lib/api';
import { fetchBuildInputs } from '../lib/build-inputs';
import { layoutRows, rowOf, searchLog, stepOrder, type SearchHit } from '../lib/log-rows';
import { links, navigate } from '../lib/router';
import { isLeaf, type StepNode } from '../lib/step-tree';
import { useAsync } from '../lib/use-async';
import { useBuildEvents } from '../lib/use-build-events';
import { BuildHeader, type BuildInput } from './build-header';
import { LogSearch } from './log-search';
import { LogView } from './log-view';
import { TopBar } from './top-bar';

interface Props {
  user: UserInfo | undefined;
  buildId?: string;
  jobBuild?: { team: string; pipeline: string; job: string; build: string };
}

async function loadBuild(props: Props): Promise<{ build: Build; plan: unknown; inputs: BuildInput[] }> {
  const jb = props.jobBuild;
  const build = jb ? await apiGet<Build>(`${paths.job(jb.team, jb.pipeline, jb.job)}/builds/${encodeURIComponent(jb.build)}`) : await apiGet<Build>(paths.build(props.buildId!));
  const [plan, inputs] = await Promise.all([
    apiGetOptional<{ plan: unknown }>(`${paths.build(build.id)}/plan`).catch(() => undefined),
    fetchBuildInputs(build.id).catch(() => []),
  ]);
  return { build, plan: plan?.plan, inputs };
}

function getInputs(nodes: readonly StepNode[], log: ReturnType<typeof useBuildEvents>['log']): BuildInput[] {
  const out: BuildInput[] = [];
  const walk = (ns: readonly StepNode[]) => ns.forEach((n) => {
    const v = log.steps.get(n.id)?.version;
    if (n.kind === 'get' && v) out.push({ name: n.label, version: v });
    walk(n.children);
  });
  walk(nodes);
  return out;
}

export function BuildPage(props: Props) {
  const data = useAsync(() => loadBuild(props), [props.buildId, props.jobBuild?.build]);
  const build = data.data?.build;
  // Reached by id, the log starts streaming at once, beside the build, plan and inputs requests.
  const byId = props.buildId !== undefined && /^\d+$/.test(props.buildId) ? Number(props.buildId) : undefined;
  const events = useBuildEvents(byId ?? build?.id, data.data?.plan);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [showTime, setShowTime] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const [query, setQuery] = useState('');
  const [hitIndex, setHitIndex] = useState(0);
  const [scrollTo, setScrollTo] = useState<{ row: number }>();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const hits = useMemo<SearchHit[]>(() => searchLog(events.log, query, stepOrder(events.log)), [query, events.revision]);
  const toggle = useCallback((id: string) => setCollapsed((c) => {
    const next = new Set(c);
    if (!next.delete(id)) next.add(id);
    return next;
  }), []);
  const step = useCallback((delta: number) => {
    if (hits.length === 0) return;
    const i = (hitIndex + delta + hits.length) % hits.length;
    const h = hits[i]!;
    const open = new Set(collapsed);
    open.delete(h.stepId);
    for (const id of ancestors(events.log.tree, h.stepId)) open.delete(id);
    setCollapsed(open);
    setHitIndex(i);
    setScrollTo({ row: rowOf(layoutRows(events.log, open), h.stepId, h.line) ?? 0 });
  }, [hits, hitIndex, collapsed, events.log]);
  const onQuery = useCallback((q: string) => { setQuery(q); setHitIndex(-1); }, []);
  const act = (method: string, path: string, then?: (r: Response) => Promise<void>) => () => {
    apiSend(method, path).then((r) => then?.(r)).then(() => { setActionError(undefined); data.reload(); }, (err: Error) => setActionError(err.message));
  };
  if (!build) {
    return (
      <div className="page">
        <TopBar user={props.user} />
        <main className="message">{data.error?.message ?? 'loading…'}</main>
      </div>
    );
  }
  const team = build.team_name;
  const crumbs = build.pipeline_name && build.job_name ? [
    { label: `${team} / ${build.pipeline_name}`, href: links.pipeline(team, build.pipeline_name) },
    { label: build.job_name, href: links.job(team, build.pipeline_name, build.job_name) },
    { label: `#${build.name}`, href: links.jobBuild(team, build.pipeline_name, build.job_name, build.name) },
  ] : [{ label: `build ${build.id}`, href: links.build(build.id) }];
  const rerunPath = build.pipeline_name && build.job_name ? `${paths.job(team, build.pipeline_name, build.job_name)}/builds/${encodeURIComponent(build.name)}` : undefined;
  const inputs = data.data!.inputs.length ? data.data!.inputs : getInputs(events.log.tree, events.log);
  return (
    <div className="page build-page">
      <TopBar user={props.user} crumbs={crumbs} />
      <BuildHeader
        build={build}
        status={events.log.status ?? build.status}
        endTime={events.log.endTime}
        inputs={inputs}
        onAbort={act('PUT', `${paths.build(build.id)}/abort`)}
        onRerun={rerunPath ? act('POST', rerunPath, async (r) => {
          const b = (await r.json()) as Build;
          navigate(links.jobBuild(team, build.pipeline_name!, build.job_name!, b.name));
        }) : undefined}
      />
      <div className="toolbar">
        <label><input type="checkbox" checked={showTime} onChange={(e) => setShowTime(e.target.checked)} data-testid="toggle-timestamps" /> timestamps</label>
        <button onClick={() => setCollapsed(new Set(allIds(events.log.tree)))}>collapse all</button>
        <button onClick={() => setCollapsed(new Set())}>expand all</button>
        <LogSearch count={hits.length} index={hitIndex} onQuery={onQuery} onStep={step} />
        {events.error && <span className="error" data-testid="events-error">{events.error}</span>}
        {actionError && <span className="error" role="alert">{actionError}</span>}
      </div>
      <LogView log={events.log} revision={events.revision} collapsed={collapsed} onToggle={toggle} showTime={showTime} hit={hitIndex >= 0 ? hits[hitIndex] : undefined} scrollTo={scrollTo} ended={events.ended} followFirst={build.status === 'pending' || build.status === 'started'} />
    </div>
  );
}

function allIds(nodes: readonly StepNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...allIds(n.children)]);
}

function ancestors(nodes: readonly StepNode[], id: string): string[] {
  for (const n of nodes) {
    if (n.id === id) return [];
    if (isLeaf(n)) continue;
    const inner = ancestors(n.children, id);
    if (inner.length || findIn(n.children, id)) return [n.id, ...inner];
  }
  return [];
}

function findIn(nodes: readonly StepNode[], id: string): boolean {
  return nodes.some((n) => n.id === id || findIn(n.children, id));
}
