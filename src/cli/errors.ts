// One error type for the CLI: a message for people, and the exit code to leave with.
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

// bin/gantry runs the CLI from one CommonJS bundle but the server commands (web, worker,
// quickstart) from the ES module build, which has its own copy of this class; the brand
// lets the CLI recognise their CliErrors too.
const BRAND = Symbol.for('gantry.CliError');
Object.defineProperty(CliError.prototype, BRAND, { value: true });

/** `err instanceof CliError`, also for a CliError of the other build's copy of the class. */
export function isCliError(err: unknown): err is CliError {
  return err instanceof CliError || (typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true);
}
