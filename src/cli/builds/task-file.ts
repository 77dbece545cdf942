// The task config of `gantry execute -c FILE`: read, vars filled from -v/-y/-l as fly
// does (unknown vars stay as they are, for the server to resolve), then validated with
// the same rules a pipeline's task gets; errors print as file:line:col.
import { readFileSync } from 'node:fs'; // not fs/promises: ~1.5 ms to load, on every execute
import { formatDiagnostic, parseYamlSource, validateTaskConfig, type TaskConfig } from '../../core/config';
import { interpolate, staticVars } from '../../core/vars';
import { CliError } from '../errors';
import { loadVarFlags, type VarFlagOptions } from '../vars-flags';

export async function loadTaskFile(file: string, vars: VarFlagOptions): Promise<TaskConfig> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`could not read task config ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const source = parseYamlSource(text, file);
  const parseErrors = source.diagnostics.filter((d) => d.severity === 'error');
  if (parseErrors.length > 0) throw new CliError(parseErrors.map(formatDiagnostic).join('\n'));
  const filled = interpolate(source.value, staticVars(await loadVarFlags(vars))).value;
  const result = validateTaskConfig(filled, { file, locate: source.locate });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.config || errors.length > 0) throw new CliError(`invalid task configuration:\n${errors.map(formatDiagnostic).join('\n')}`);
  return result.config;
}
