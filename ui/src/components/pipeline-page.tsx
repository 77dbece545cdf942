// A pipeline: its graph with group tabs, and pause/unpause. The graph comes
// from the job list's inputs and outputs (as Concourse's UI draws it, so public
// pipelines show without login); jobs and resources refresh every 5 s with
// conditional requests, and an unchanged answer (304) re-renders nothing.
import { useEffect, useState } from 'react';
import { defaultGroups, groupNames, type GraphPipelineConfig } from '../../../src/core/graph';
import type { Job, Pipeline, Resource, UserInfo } from '../../../src/protocol/api';
import { apiGetIfChanged, apiSend, paths } from '../lib/api';
import { configFromJobs } from '../lib/graph-config';
import { links } from '../lib/router';
import { GroupTabs } from './group-tabs';
import { PipelineGraph } from './pipeline-graph';
import { TopBar } from './top-bar';

interface Props {
  user: UserInfo | undefined;
  team: string;
  pipeline: string;
  groups: string[];
}

interface Data {
  shape: string;
  pipeline: Pipeline;
  config: GraphPipelineConfig;
  jobs: Job[];
  resources: Resource[];
}

function usePipelineData(team: string, name: string): { data?: Data; error?: string; reload: () => void } {
  const [data, setData] = useState<Data>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stopped = false;
    const base = paths.pipeline(team, name);
    const tags: Record<string, string | undefined> = {};
    let current: Data | undefined;
    const get = async <T,>(key: string, path: string, old: T | undefined): Promise<T> => {
      const r = await apiGetIfChanged<T>(path, old === undefined ? undefined : tags[key]);
      if (!r) return old as T;
      tags[key] = r.etag;
      return r.body;
    };
    const refresh = async () => {
      try {
        const [pipeline, jobs, resources] = await Promise.all([
          get<Pipeline>('p', base, current?.pipeline),
          get<Job[]>('j', `${base}/jobs`, current?.jobs),
          get<Resource[]>('r', `${base}/resources`, current?.resources),
        ]);
        if (current && pipeline === current.pipeline && jobs === current.jobs && resources === current.resources) return;
        // Only a change of the jobs' shape re-lays out the graph; statuses alone keep the config object.
        const shape = JSON.stringify([pipeline.groups, jobs.map((j) => [j.name, j.inputs, j.outputs]), resources.map((r) => [r.name, r.type])]);
        const config = current && shape === current.shape ? current.config : configFromJobs(pipeline, jobs, resources);
        const next = { pipeline, config, jobs, resources, shape };
        if (!stopped) {
          current = next;
          setData(next);
        }
      } catch (err) {
        if (!stopped) setError((err as Error).message);
      }
    };
    void refresh();
    const timer = setInterval(() => !document.hidden && void refresh(), 5000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [team, name, tick]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}

export function PipelinePage({ user, team, pipeline, groups }: Props) {
  const { data, error, reload } = usePipelineData(team, pipeline);
  const [actionError, setActionError] = useState<string>();
  const crumbs = [{ label: `${team} / ${pipeline}`, href: links.pipeline(team, pipeline) }];
  if (!data) {
    return (
      <div className="page">
        <TopBar user={user} crumbs={crumbs} />
        <main className="message">{error ?? 'loading…'}</main>
      </div>
    );
  }
  const p = data.pipeline;
  const selected = groups.length ? groups : defaultGroups(data.config);
  const togglePause = async () => {
    try {
      await apiSend('PUT', `${paths.pipeline(team, pipeline)}/${p.paused ? 'unpause' : 'pause'}`);
      setActionError(undefined);
      reload();
    } catch (err) {
      setActionError((err as Error).message);
    }
  };
  return (
    <div className={`page pipeline-page${p.paused ? ' paused' : ''}`}>
      <TopBar user={user} crumbs={crumbs} />
      <div className="toolbar">
        <button className={`pause-toggle${p.paused ? ' is-paused' : ''}`} onClick={togglePause} data-testid="pipeline-pause" title={p.paused ? 'unpause pipeline' : 'pause pipeline'}>
          {p.paused ? '▶ unpause' : '❚❚ pause'}
        </button>
        <span data-testid="pipeline-state" className={p.paused ? 'tag tag-paused' : 'tag'}>{p.paused ? 'paused' : 'active'}</span>
        {p.archived && <span className="tag tag-archived">archived</span>}
        {p.public && <span className="tag tag-public">public</span>}
        <GroupTabs names={groupNames(data.config)} selected={selected} base={links.pipeline(team, pipeline)} />
        {actionError && <span className="error" role="alert">{actionError}</span>}
      </div>
      <main className="graph-wrap">
        <PipelineGraph team={team} pipeline={pipeline} config={data.config} groups={selected} jobs={data.jobs} resources={data.resources} />
      </main>
    </div>
  );
}
