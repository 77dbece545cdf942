// The shape of one CLI command: a declarative table entry. The action is loaded
// lazily so that `gantry --version` and `gantry help` never import server code.

export interface OptionSpec {
  /** Commander flags, e.g. '-c, --config <file>' or '--json'. */
  flags: string;
  description: string;
  /** Collect every occurrence into an array (fly's repeatable -v, -l, -i ...). */
  repeatable?: boolean;
  default?: string | boolean | string[];
}

/** Values parsed from the command line: option names camel-cased, plus positional args. */
export interface CommandInput {
  options: Record<string, unknown>;
  args: string[];
  /** The target named with -t/--target, before or after the command name. */
  target: string | undefined;
}

/** An action returns the process exit code (0 when it returns nothing). */
export type CommandAction = (input: CommandInput) => Promise<number | void>;

export interface CommandSpec {
  name: string;
  aliases?: string[];
  description: string;
  /** Positional arguments in commander syntax, e.g. '[command...]'. */
  args?: string;
  options: OptionSpec[];
  /** Lazily imports the module that implements the command. */
  load: () => Promise<{ run: CommandAction }>;
}
