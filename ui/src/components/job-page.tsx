// A job: build history, trigger (unless manual triggers are disabled), pause,
// and why it is not running. Refreshes every 3 s while a build is in flight.
import { useEffect, useState } from 'react';
import type { Build, Job, UserInfo } from '../../../src/protocol/api';
import { apiGet, apiSend, paths } from '../lib/api';
import { links, navigate } from '../lib/router';
import { jobStatus } from '../lib/status';
import { useAsync } from '../lib/use-async';
import { BuildList } from './build-list';
import { StatusBadge } from './status-badge';
import { TopBar } from './top-bar';
import { WhyNotRunning } from './why-not-running';

interface Props {
  user: UserInfo | undefined;
  team: string;
  pipeline: string;
  job: string;
}

export function JobPage({ user, team, pipeline, job }: Props) {
  const base = paths.job(team, pipeline, job);
  const data = useAsync(async () => {
    const [j, builds] = await Promise.all([apiGet<Job>(base), apiGet<Build[]>(`${base}/builds?limit=50`)]);
    return { job: j, builds };
  }, [base]);
  const [actionError, setActionError] = useState<string>();
  const inFlight = data.data?.builds.some((b) => b.status === 'pending' || b.status === 'started');
  useEffect(() => {
    if (!inFlight) return;
    const t = setInterval(data.reload, 3000);
    return () => clearInterval(t);
  }, [inFlight, data.reload]);
  const crumbs = [
    { label: `${team} / ${pipeline}`, href: links.pipeline(team, pipeline) },
    { label: job, href: links.job(team, pipeline, job) },
  ];
  const act = async (method: string, path: string, then?: (r: Response) => Promise<void>) => {
    try {
      const res = await apiSend(method, path);
      setActionError(undefined);
      if (then) await then(res);
      else data.reload();
    } catch (err) {
      setActionError((err as Error).message);
    }
  };
  const j = data.data?.job;
  return (
    <div className="page">
      <TopBar user={user} crumbs={crumbs} />
      {!j ? (
        <main className="message">{data.error?.message ?? 'loading…'}</main>
      ) : (
        <main className="job-page">
          <div className="toolbar">
            <h2>{j.name}</h2>
            <StatusBadge status={jobStatus(j)} />
            <button data-testid="job-pause" onClick={() => act('PUT', `${base}/${j.paused ? 'unpause' : 'pause'}`)}>{j.paused ? '▶ unpause job' : '❚❚ pause job'}</button>
            {!j.disable_manual_trigger && (
              <button
                data-testid="job-trigger"
                className="primary"
                onClick={() => act('POST', `${base}/builds`, async (res) => {
                  const b = (await res.json()) as Build;
                  navigate(links.jobBuild(team, pipeline, job, b.name));
                })}
              >
                ＋ trigger build
              </button>
            )}
            {actionError && <span className="error" role="alert">{actionError}</span>}
          </div>
          <WhyNotRunning job={j} />
          <BuildList builds={data.data!.builds} team={team} pipeline={pipeline} job={job} />
        </main>
      )}
    </div>
  );
}
