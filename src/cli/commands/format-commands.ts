// Offline formatting of config files: `gantry format-pipeline` (fly's alias fp).
// The action's heavy imports (yaml, the formatter, fs) load only when it runs.
import type { CommandInput, CommandSpec } from '../command-spec';

async function runFormatPipeline({ options }: CommandInput): Promise<number> {
  const [{ readFile, writeFile }, { formatPipeline }, { CliError }] = await Promise.all([
    import('node:fs/promises'),
    import('../../core/config/format'),
    import('../errors'),
  ]);
  const file = options.config as string | undefined;
  if (!file) throw new CliError("the required flag '-c, --config' was not specified");
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`could not read config file: ${(err as Error).message}`);
  }
  let formatted: string;
  try {
    formatted = formatPipeline(text);
  } catch (err) {
    throw new CliError(`could not unmarshal config: ${file}: ${(err as Error).message}`);
  }
  if (!options.write) {
    process.stdout.write(formatted);
    return 0;
  }
  try {
    // Writing into the existing file keeps its mode, as fly does.
    if (formatted !== text) await writeFile(file, formatted);
  } catch (err) {
    throw new CliError(`could not write formatted config to ${file}: ${(err as Error).message}`);
  }
  return 0;
}

export const formatCommands: CommandSpec[] = [
  {
    name: 'format-pipeline',
    aliases: ['fp'],
    description: 'Format a pipeline config: keys in canonical order, comments kept',
    options: [
      { flags: '-c, --config <file>', description: 'pipeline configuration file' },
      { flags: '-w, --write', description: 'do not print to stdout; overwrite the file in place' },
    ],
    load: async () => ({ run: runFormatPipeline }),
  },
];
