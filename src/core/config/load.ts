// The whole path from pipeline text to a checked config: parse the YAML,
// fill in the ((vars)) that have values, validate. Vars without a value stay
// in the config for run time, as Concourse keeps them for credential managers.
import { interpolate, VarsError, type VarLookup } from '../vars';
import { formatPath, type Diagnostic } from './diagnostics';
import { parseYamlSource } from './source';
import { validatePipeline } from './validate';
import type { PipelineConfig } from './schema';

export interface LoadedPipeline {
  config?: PipelineConfig;
  diagnostics: Diagnostic[];
  /** The document after interpolation (what `validate-pipeline -o` prints). */
  value: unknown;
  /** Vars with no value, left as ((...)) in the config. */
  missing: string[];
  /** Values that came from credential lookups, for redaction. */
  secrets: string[];
}

export function loadPipeline(text: string, file: string, lookup?: VarLookup): LoadedPipeline {
  const source = parseYamlSource(text, file);
  const result: LoadedPipeline = { diagnostics: source.diagnostics, value: source.value, missing: [], secrets: [] };
  if (source.diagnostics.some((d) => d.severity === 'error')) return result;
  if (lookup) {
    try {
      const interpolated = interpolate(source.value, lookup);
      result.value = interpolated.value;
      result.missing = interpolated.missing;
      result.secrets = interpolated.secrets;
    } catch (err) {
      if (!(err instanceof VarsError)) throw err;
      const path = err.path ?? [];
      const pos = source.locate(path, err.part) ?? { line: 1, column: 1 };
      const diagnostic: Diagnostic = { severity: 'error', message: err.message, file, ...pos, path: formatPath(path) };
      result.diagnostics = [...result.diagnostics, diagnostic];
      return result;
    }
  }
  const validation = validatePipeline(result.value, { file, locate: source.locate });
  result.diagnostics = [...result.diagnostics, ...validation.diagnostics];
  if (validation.config) result.config = validation.config;
  return result;
}
