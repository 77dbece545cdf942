// Wraps a command action: every failure becomes a message on stderr and exit
// code 1, worded as fly words it (login hints without an `error:` prefix).
import type { CommandAction, CommandInput } from '../command-spec';
import { NoTargetError, NotAuthorizedError } from '../client';
import { CliError } from '../errors';

function message(err: unknown): string {
  if (err instanceof NotAuthorizedError || err instanceof NoTargetError) return err.message;
  if (err instanceof Error) return `error: ${err.message}`;
  return `error: ${String(err)}`;
}

export function action(fn: (input: CommandInput) => Promise<number | void>): CommandAction {
  return async (input) => {
    try {
      return (await fn(input)) ?? 0;
    } catch (err) {
      process.stderr.write(message(err) + '\n');
      if (!(err instanceof CliError) && process.env.GANTRY_DEBUG) console.error(err);
      return err instanceof CliError ? err.exitCode : 1;
    }
  };
}

/** A string option (commander leaves absent ones undefined). */
export function str(input: CommandInput, name: string): string | undefined {
  const v = input.options[name];
  return typeof v === 'string' ? v : undefined;
}

/** A boolean flag. */
export function flag(input: CommandInput, name: string): boolean {
  return input.options[name] === true;
}

/** A repeatable option: always an array. */
export function list(input: CommandInput, name: string): string[] {
  const v = input.options[name];
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}

/** A required option, with fly's message when it is missing. */
export function required(input: CommandInput, name: string, flags: string): string {
  const v = str(input, name);
  if (!v) throw new CliError(`the required flag \`${flags}' was not specified`);
  return v;
}
