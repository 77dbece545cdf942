import { STATUS_COLOURS, type UiStatus } from '../lib/status';

export function StatusBadge({ status, label }: { status: UiStatus; label?: string }) {
  return (
    <span className={`badge status-${status}`} style={{ background: STATUS_COLOURS[status] }} data-status={status}>
      {label ?? status}
    </span>
  );
}
