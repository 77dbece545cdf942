// A pipeline config as a client sent it (YAML or JSON text) → the config to
// save, or every error in the same `file:line:col: error: path: message` form
// that `gantry validate-pipeline` prints. Validation is core/config's.
import type { ConfigWarning } from '../protocol';
import type { JsonObject } from '../ports/store-rows';
import { parseYamlSource } from '../core/config/source';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../core/config/diagnostics';

export interface CheckedConfig {
  config: JsonObject | null;
  errors: string[];
  warnings: ConfigWarning[];
}

export function checkPipelineSource(text: string, file: string): CheckedConfig {
  const parsed = parseYamlSource(text, file);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const value = parsed.value;
  if (diagnostics.every((d) => d.severity !== 'error') && (!value || typeof value !== 'object' || Array.isArray(value))) {
    diagnostics.push({ severity: 'error', message: 'a pipeline config must be a mapping', file, line: 1, column: 1, path: '' });
  }
  const sorted = sortDiagnostics(diagnostics);
  const errors = sorted.filter((d) => d.severity === 'error').map(formatDiagnostic);
  const warnings = sorted
    .filter((d) => d.severity === 'warning')
    .map((d): ConfigWarning => ({ type: 'config', message: formatDiagnostic(d) }));
  return { config: errors.length === 0 ? (value as JsonObject) : null, errors, warnings };
}
