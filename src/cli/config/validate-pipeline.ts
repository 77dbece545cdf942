// `gantry validate-pipeline`: checks a pipeline file offline, as fly does.
// Diagnostics go to stderr like a compiler's; "looks good" (or with -o the
// config with vars filled in) goes to stdout. Exit 1 on errors, and on
// warnings with --strict.
import { readFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { formatDiagnostic, loadPipeline, type Diagnostic } from '../../core/config';
import { staticVars } from '../../core/vars';
import type { CommandInput } from '../command-spec';
import { CliError } from '../errors';
import { palette } from '../render/color';
import { loadVarFlags } from '../vars-flags';

function render(d: Diagnostic, color: boolean): string {
  const text = formatDiagnostic(d);
  if (!color) return text;
  const p = palette(true);
  const label = `${d.severity}:`;
  return text.replace(` ${label} `, ` ${d.severity === 'error' ? p.redBold(label) : p.yellow(label)} `);
}

export async function run({ options }: CommandInput): Promise<number> {
  const file = options.config as string | undefined;
  if (!file) throw new CliError("the required flag '-c, --config' was not specified");
  const vars = await loadVarFlags(options);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`could not read file: ${(err as Error).message}`);
  }
  const loaded = loadPipeline(text, file, staticVars(vars));
  const color = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
  for (const d of loaded.diagnostics) process.stderr.write(`${render(d, color)}\n`);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = loaded.diagnostics.length - errors;
  if (errors > 0 || (options.strict && warnings > 0)) {
    const counts = [errors && `${errors} error${errors === 1 ? '' : 's'}`, warnings && `${warnings} warning${warnings === 1 ? '' : 's'}`];
    process.stderr.write(`configuration invalid (${counts.filter(Boolean).join(', ')})\n`);
    return 1;
  }
  process.stdout.write(options.output ? stringify(loaded.value, { lineWidth: 0 }) : 'looks good\n');
  return 0;
}
