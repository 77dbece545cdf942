// The config set-pipeline is about to send: the file (or stdin) read, ((vars))
// filled from -v/-y/-l/-i, and checked locally so that mistakes are reported
// as `file:line:col: error: path: message` before anything reaches the server.
import { readFile } from 'node:fs/promises';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../../core/config/diagnostics';
import { parseYamlSource } from '../../core/config/source';
import { interpolate, staticVars } from '../../core/vars';
import { CliError } from '../errors';
import { loadVarFlags, type VarFlagOptions } from '../vars-flags';

export interface PipelineSource {
  /** The path as given ("-" for stdin). */
  file: string;
  text: string;
  /** The config with the given vars filled in; null when it has errors. */
  value: Record<string, unknown> | null;
  errors: string[];
  warnings: string[];
  /** Vars left for the server to resolve (credential managers), e.g. `a`, `vault:b`. */
  missing: string[];
  /** Whether any var was filled in (then the text no longer matches the value). */
  interpolated: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function readConfig(file: string): Promise<string> {
  if (file === '-') return readStdin();
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`could not read config file ${file}: ${(err as Error).message}`);
  }
}

function split(diagnostics: Diagnostic[]): { errors: string[]; warnings: string[] } {
  const sorted = sortDiagnostics(diagnostics);
  return {
    errors: sorted.filter((d) => d.severity === 'error').map(formatDiagnostic),
    warnings: sorted.filter((d) => d.severity === 'warning').map(formatDiagnostic),
  };
}

export async function loadPipelineSource(file: string, flags: VarFlagOptions): Promise<PipelineSource> {
  const vars = await loadVarFlags(flags);
  const text = await readConfig(file);
  const name = file === '-' ? 'stdin' : file;
  const parsed = parseYamlSource(text, name);
  const base = { file, text, missing: [] as string[], interpolated: false };
  const { errors, warnings } = split(parsed.diagnostics);
  if (errors.length) return { ...base, value: null, errors, warnings };
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ...base, value: null, errors: [`${name}:1:1: error: a pipeline config must be a mapping`], warnings };
  }
  let result;
  try {
    result = interpolate(value, staticVars(vars));
  } catch (err) {
    return { ...base, value: null, errors: [`${name}: error: ${(err as Error).message}`], warnings };
  }
  const interpolated = JSON.stringify(result.value) !== JSON.stringify(value);
  return { ...base, value: result.value as Record<string, unknown>, errors, warnings, missing: result.missing, interpolated };
}
