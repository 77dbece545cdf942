// One resource version: pin, enable/disable, and (expanded) the builds that
// used it as an input and produced it as an output.
import { useState } from 'react';
import type { Build, ResourceVersion } from '../../../src/protocol/api';
import { apiGetOptional } from '../lib/api';
import { versionText } from '../lib/format';
import { links } from '../lib/router';
import { buildUiStatus } from '../lib/status';
import { Link } from './link';
import { StatusBadge } from './status-badge';

interface Props {
  version: ResourceVersion;
  base: string;
  pinned: boolean;
  canPin: boolean;
  onPin: () => void;
  onToggleEnabled: () => void;
}

function BuildLinks({ title, builds }: { title: string; builds: Build[] | undefined }) {
  return (
    <div className="version-builds">
      <h4>{title}</h4>
      {!builds?.length ? <span className="muted">none</span> : builds.map((b) => (
        <Link key={b.id} href={b.pipeline_name && b.job_name ? links.jobBuild(b.team_name, b.pipeline_name, b.job_name, b.name) : links.build(b.id)}>
          <StatusBadge status={buildUiStatus(b.status)} label={`${b.job_name ?? 'build'} #${b.name}`} />
        </Link>
      ))}
    </div>
  );
}

export function VersionRow({ version, base, pinned, canPin, onPin, onToggleEnabled }: Props) {
  const [open, setOpen] = useState(false);
  const [builds, setBuilds] = useState<{ input?: Build[]; output?: Build[] }>();
  const expand = async () => {
    setOpen(!open);
    if (builds) return;
    const [input, output] = await Promise.all([
      apiGetOptional<Build[]>(`${base}/versions/${version.id}/input_to`),
      apiGetOptional<Build[]>(`${base}/versions/${version.id}/output_of`),
    ]);
    setBuilds({ input: input ?? [], output: output ?? [] });
  };
  return (
    <li className={`version${pinned ? ' pinned' : ''}${version.enabled ? '' : ' disabled'}`} data-testid="version-row" data-version={versionText(version.version)} data-enabled={String(version.enabled)} data-pinned={String(pinned)}>
      <div className="version-line">
        <button className={`pin${pinned ? ' on' : ''}`} onClick={onPin} disabled={!canPin && !pinned} title={pinned ? 'unpin' : 'pin this version'} data-testid="version-pin">📌</button>
        <button className="enable" onClick={onToggleEnabled} title={version.enabled ? 'disable this version' : 'enable this version'} data-testid="version-enable">
          {version.enabled ? '✓' : '✕'}
        </button>
        <span className="version-text" onClick={expand}>{versionText(version.version)}</span>
      </div>
      {open && (
        <div className="version-detail">
          {(version.metadata ?? []).map((m) => <div key={m.name} className="meta"><b>{m.name}</b> {m.value}</div>)}
          <BuildLinks title="inputs to" builds={builds?.input} />
          <BuildLinks title="outputs of" builds={builds?.output} />
        </div>
      )}
    </li>
  );
}
