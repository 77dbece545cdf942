import type { Build } from '../../../src/protocol/api';
import { useBuildInputs } from '../lib/build-inputs';
import { duration, dateTime, shortVersion, versionText } from '../lib/format';
import { links } from '../lib/router';
import { buildUiStatus } from '../lib/status';
import { Link } from './link';
import { StatusBadge } from './status-badge';

/** A job's build history: status, name, start, duration, inputs (name and short version). */
export function BuildList({ builds, team, pipeline, job }: { builds: Build[]; team: string; pipeline: string; job: string }) {
  const inputs = useBuildInputs(builds);
  if (builds.length === 0) return <p className="message">no builds yet</p>;
  return (
    <table className="builds" data-testid="build-history">
      <thead>
        <tr><th>build</th><th>status</th><th>started</th><th>duration</th><th>inputs</th><th>by</th></tr>
      </thead>
      <tbody>
        {builds.map((b) => (
          <tr key={b.id} data-build={b.name} data-status={b.status}>
            <td><Link href={links.jobBuild(team, pipeline, job, b.name)}>#{b.name}</Link></td>
            <td><StatusBadge status={buildUiStatus(b.status)} label={b.status} /></td>
            <td>{dateTime(b.start_time)}</td>
            <td>{b.start_time ? duration((b.end_time ?? Date.now() / 1000) - b.start_time) : ''}</td>
            <td className="build-row-inputs" data-testid="build-row-inputs">
              {(inputs.get(b.id) ?? []).map((i) => (
                <span key={i.name} className="build-row-input" title={`${i.name} ${versionText(i.version)}`}><b>{i.name}</b> {shortVersion(i.version)}</span>
              ))}
            </td>
            <td className="muted">{b.created_by ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
