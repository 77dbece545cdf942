// Config warnings from the server (e.g. an identifier Concourse would reject later).
import type { ConfigWarning } from '../../protocol';
import type { Output } from '../io';

export function showWarnings(out: Output, warnings: ConfigWarning[] | undefined): void {
  if (!warnings || warnings.length === 0) return;
  out.error(out.errColors.yellow('WARNING:'));
  out.error('');
  for (const w of warnings) out.error(`  - ${w.message}`);
  out.error('');
}
