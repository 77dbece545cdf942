import type { Build } from '../../../src/protocol/api';
import { dateTime, duration, versionText } from '../lib/format';
import { buildUiStatus } from '../lib/status';
import type { BuildInputVersion } from '../lib/build-inputs';
import { StatusBadge } from './status-badge';

export type BuildInput = BuildInputVersion;

interface Props {
  build: Build;
  status: string;
  endTime: number | undefined;
  inputs: BuildInput[];
  onAbort: (() => void) | undefined;
  onRerun: (() => void) | undefined;
}

/** Status, times, who or what started it, the inputs with versions, abort and rerun. */
export function BuildHeader({ build, status, endTime, inputs, onAbort, onRerun }: Props) {
  const end = endTime ?? build.end_time;
  const running = status === 'pending' || status === 'started';
  return (
    <section className={`build-header status-${buildUiStatus(status)}`} data-testid="build-header" data-status={status}>
      <div className="build-title">
        <h2>{build.job_name ? `${build.job_name} #${build.name}` : `build #${build.name}`}</h2>
        <StatusBadge status={buildUiStatus(status)} label={status} />
        {running && onAbort && <button data-testid="build-abort" className="danger" onClick={onAbort}>✕ abort</button>}
        {!running && onRerun && <button data-testid="build-rerun" onClick={onRerun}>↻ rerun</button>}
      </div>
      <div className="build-meta muted">
        {build.start_time && <span>started {dateTime(build.start_time)}</span>}
        {end && <span>finished {dateTime(end)}</span>}
        {build.start_time && <span>took {duration((end ?? Date.now() / 1000) - build.start_time)}</span>}
        <span>{build.created_by ? `by ${build.created_by}` : build.rerun_of ? `rerun of #${build.rerun_of.name}` : ''}</span>
      </div>
      {inputs.length > 0 && (
        <ul className="build-inputs" data-testid="build-inputs">
          {inputs.map((i) => <li key={i.name}><b>{i.name}</b> {versionText(i.version)}</li>)}
        </ul>
      )}
    </section>
  );
}
