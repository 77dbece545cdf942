// The config set-pipeline is about to send: the file (or stdin) read, ((vars))
// filled from -v/-y/-l/-i, and checked locally so that mistakes are reported
// as `file:line:col: error: path: message` before anything reaches the server.
import { readFile } from 'node:fs/promises';
import { formatDiagnostic, loadPipeline, sortDiagnostics, type Diagnostic } from '../../core/config';
import { staticVars } from '../../core/vars';
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
  const loaded = loadPipeline(text, file === '-' ? 'stdin' : file, staticVars(vars));
  const { errors, warnings } = split(loaded.diagnostics);
  const value = errors.length ? null : (loaded.value as Record<string, unknown>);
  return {
    file,
    text,
    value,
    errors,
    warnings,
    missing: loaded.missing,
    // With no vars given the value is the file's own, so the file itself can be sent.
    interpolated: Object.keys(vars).length > 0,
  };
}
