// The gantry command line: builds the commander program from the declarative
// command table and runs the chosen command's lazily loaded action. The process
// entry is src/app/main.ts, which adds the server commands (web, worker, quickstart).
import { Command, Option } from 'commander';
import type { CommandSpec, CommandInput } from './command-spec';
import { commands } from './commands/table';
import { isCliError } from './errors';
import { GANTRY_VERSION } from './version';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function addCommand(program: Command, spec: CommandSpec): void {
  const cmd = program.command(spec.name).description(spec.description);
  for (const alias of spec.aliases ?? []) cmd.alias(alias);
  if (spec.args) cmd.arguments(spec.args);
  cmd.option('-t, --target <name>', 'Concourse-style target from ~/.gantryrc');
  for (const opt of spec.options) {
    const o = new Option(opt.flags, opt.description);
    if (opt.repeatable) o.argParser(collect);
    if (opt.default !== undefined) o.default(opt.default);
    cmd.addOption(o);
  }
  cmd.allowExcessArguments(Boolean(spec.args));
  cmd.action(async (...params: unknown[]) => {
    const command = params[params.length - 1] as Command;
    // fly takes --print-table-headers before the command too (`fly --print-table-headers pipelines`).
    const options = program.opts().printTableHeaders ? { ...command.opts(), printTableHeaders: true } : command.opts();
    const input: CommandInput = {
      options,
      args: command.args,
      target: (options.target as string | undefined) ?? (program.opts().target as string | undefined),
    };
    const mod = await spec.load();
    const code = await mod.run(input);
    process.exitCode = typeof code === 'number' ? code : 0;
  });
}

/**
 * The commands commander needs for this argv: the one it plainly names (only global flags,
 * -t NAME and --print-table-headers, before it); none for --version, which commander
 * answers before any command; else all of them (help, an unknown word or flag), for
 * commander's listings and suggestions.
 */
function commandsFor(args: string[], specs: CommandSpec[]): CommandSpec[] {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-t' || arg === '--target') i++;
    else if (arg === '--print-table-headers' || arg.startsWith('--target=') || /^-t./.test(arg)) continue;
    else if (arg === '--version') return [];
    else if (arg.startsWith('-')) return specs;
    else {
      const named = specs.find((spec) => spec.name === arg || spec.aliases?.includes(arg));
      return named ? [named] : specs;
    }
  }
  return specs;
}

export async function runCli(argv: string[], extra: CommandSpec[] = []): Promise<void> {
  const program = new Command('gantry')
    .description('Gantry: Concourse-compatible CI/CD')
    .version(GANTRY_VERSION, '--version', 'print the version')
    .option('-t, --target <name>', 'Concourse-style target from ~/.gantryrc')
    .option('--print-table-headers', 'print table headers even for redirected output')
    .showHelpAfterError();
  const specs = [...commands, ...extra];
  // Registering ~55 commands with commander costs a few ms of every run; a command's own
  // parsing, errors and --help do not depend on its siblings, so only it is registered.
  for (const spec of commandsFor(argv.slice(2), specs)) addCommand(program, spec);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (isCliError(err)) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    throw err;
  }
}
