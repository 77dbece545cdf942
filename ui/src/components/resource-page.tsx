// A resource: last check (status, time, a link to the check's output), check
// now, the pin with its comment, and the versions newest first.
import { useState } from 'react';
import type { Resource, ResourceVersion, UserInfo } from '../../../src/protocol/api';
import { apiGet, apiSend, paths } from '../lib/api';
import { dateTime } from '../lib/format';
import { links } from '../lib/router';
import { buildUiStatus, checkFailed } from '../lib/status';
import { useAsync } from '../lib/use-async';
import { Link } from './link';
import { PinBar } from './pin-bar';
import { StatusBadge } from './status-badge';
import { TopBar } from './top-bar';
import { VersionRow } from './version-row';

interface Props {
  user: UserInfo | undefined;
  team: string;
  pipeline: string;
  resource: string;
}

type CheckedResource = Resource & { failing_to_check?: boolean; check_error?: string };

function LastCheck({ resource }: { resource: CheckedResource }) {
  const check = resource.build;
  const failed = checkFailed(resource);
  return (
    <div className="last-check" data-testid="last-check" data-failed={String(failed)}>
      <span>last checked {resource.last_checked ? dateTime(resource.last_checked) : 'never'}</span>
      {failed && <StatusBadge status="errored" label="check failed" />}
      {check && (
        <Link href={links.build(check.id)}>
          <StatusBadge status={buildUiStatus(check.status)} label={`check ${check.status}`} />
        </Link>
      )}
    </div>
  );
}

export function ResourcePage({ user, team, pipeline, resource }: Props) {
  const base = paths.resource(team, pipeline, resource);
  const data = useAsync(async () => {
    const [r, versions] = await Promise.all([apiGet<Resource>(base), apiGet<ResourceVersion[]>(`${base}/versions?limit=100`)]);
    return { resource: r, versions };
  }, [base]);
  const [actionError, setActionError] = useState<string>();
  const act = (method: string, path: string, body?: unknown) => {
    apiSend(method, path, body).then(() => { setActionError(undefined); data.reload(); }, (err: Error) => setActionError(err.message));
  };
  const crumbs = [
    { label: `${team} / ${pipeline}`, href: links.pipeline(team, pipeline) },
    { label: resource, href: links.resource(team, pipeline, resource) },
  ];
  const r = data.data?.resource;
  return (
    <div className="page">
      <TopBar user={user} crumbs={crumbs} />
      {!r ? (
        <main className="message">{data.error?.message ?? 'loading…'}</main>
      ) : (
        <main className="resource-page">
          <div className="toolbar">
            <h2>{r.name}</h2>
            <span className="muted">{r.type}</span>
            <button data-testid="check-now" onClick={() => act('POST', `${base}/check`, { from: null })}>⟳ check now</button>
            <LastCheck resource={r} />
            {actionError && <span className="error" role="alert">{actionError}</span>}
          </div>
          {(r as CheckedResource).check_error && <pre className="check-error" data-testid="check-error">{(r as CheckedResource).check_error}</pre>}
          <PinBar resource={r} onUnpin={() => act('PUT', `${base}/unpin`)} onComment={(c) => act('PUT', `${base}/pin_comment`, { pin_comment: c })} />
          <ul className="versions" data-testid="versions">
            {data.data!.versions.length === 0 && <li className="muted">no versions yet</li>}
            {data.data!.versions.map((v) => {
              const pinned = !!r.pinned_version && JSON.stringify(r.pinned_version) === JSON.stringify(v.version);
              return (
                <VersionRow
                  key={v.id}
                  version={v}
                  base={base}
                  pinned={pinned}
                  canPin={!r.pinned_in_config}
                  onPin={() => act('PUT', pinned ? `${base}/unpin` : `${base}/versions/${v.id}/pin`)}
                  onToggleEnabled={() => act('PUT', `${base}/versions/${v.id}/${v.enabled ? 'disable' : 'enable'}`)}
                />
              );
            })}
          </ul>
        </main>
      )}
    </div>
  );
}
