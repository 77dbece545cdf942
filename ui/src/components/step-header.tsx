import type { StepState } from '../lib/build-log';
import { duration, versionText } from '../lib/format';
import type { StepNode } from '../lib/step-tree';
import { buildUiStatus, STATUS_COLOURS } from '../lib/status';

const ICONS: Record<string, string> = { get: '↓', put: '↑', task: '▶', check: '✓', set_pipeline: '⚙', load_var: '≡', in_parallel: '⇉', across: '⟳', retry: '↻', attempt: '#', hook: '↪', substep: '·' };

function colour(state: StepState | undefined): string {
  if (!state) return STATUS_COLOURS.pending;
  if (state.status === 'running') return STATUS_COLOURS.running;
  return STATUS_COLOURS[buildUiStatus(state.status)];
}

/** A step's header row: click collapses or expands it. */
export function StepHeader({ node, state, collapsed, depth, onToggle }: { node: StepNode; state: StepState | undefined; collapsed: boolean; depth: number; onToggle: () => void }) {
  const start = state?.startTime ?? state?.initTime;
  const took = start !== undefined && state?.finishTime !== undefined ? duration(state.finishTime - start) : '';
  return (
    <div className={`step-header step-${state?.status ?? 'pending'}${state?.status === 'running' ? ' running' : ''}`} style={{ paddingLeft: 4 + depth * 16, borderLeftColor: colour(state) }} onClick={onToggle} data-testid="step-header" data-step={node.label} data-kind={node.kind} data-status={state?.status ?? 'pending'}>
      <span className="twisty">{collapsed ? '▸' : '▾'}</span>
      <span className="step-icon">{ICONS[node.kind] ?? '•'}</span>
      <span className="step-kind">{node.kind.replace('_', ' ')}:</span>
      <span className="step-name">{node.label}</span>
      {state?.version && <span className="step-version">{versionText(state.version)}</span>}
      {state?.exitStatus !== undefined && state.exitStatus !== 0 && <span className="step-exit">exit {state.exitStatus}</span>}
      <span className="step-duration">{took}</span>
    </div>
  );
}
