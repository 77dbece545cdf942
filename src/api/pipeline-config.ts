// A pipeline config as a client sent it (YAML or JSON text) → the config to
// save, or every error in the same `file:line:col: error: path: message` form
// that `gantry validate-pipeline` prints. Validation is core/config's; ((vars))
// without values stay in the config for run time, as Concourse keeps them.
import type { ConfigWarning } from '../protocol';
import type { JsonObject } from '../ports/store-rows';
import { formatDiagnostic, loadPipeline, sortDiagnostics } from '../core/config';

export interface CheckedConfig {
  config: JsonObject | null;
  errors: string[];
  warnings: ConfigWarning[];
}

export function checkPipelineSource(text: string, file: string): CheckedConfig {
  const loaded = loadPipeline(text, file);
  const sorted = sortDiagnostics(loaded.diagnostics);
  const errors = sorted.filter((d) => d.severity === 'error').map(formatDiagnostic);
  const warnings = sorted
    .filter((d) => d.severity === 'warning')
    .map((d): ConfigWarning => ({ type: 'config', message: formatDiagnostic(d) }));
  const config = errors.length === 0 && loaded.config ? (loaded.config as unknown as JsonObject) : null;
  return { config, errors, warnings };
}
