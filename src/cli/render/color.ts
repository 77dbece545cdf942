// ANSI colours, switched on only where a person reads them: a TTY, and no NO_COLOR.
export interface Palette {
  enabled: boolean;
  bold(s: string): string;
  faint(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  magenta(s: string): string;
  redBold(s: string): string;
}

function wrap(enabled: boolean, open: string): (s: string) => string {
  return enabled ? (s) => `\x1b[${open}m${s}\x1b[0m` : (s) => s;
}

export function palette(enabled: boolean): Palette {
  return {
    enabled,
    bold: wrap(enabled, '1'),
    faint: wrap(enabled, '2'),
    red: wrap(enabled, '31'),
    green: wrap(enabled, '32'),
    yellow: wrap(enabled, '33'),
    cyan: wrap(enabled, '36'),
    magenta: wrap(enabled, '35'),
    redBold: wrap(enabled, '1;31'),
  };
}

/** Whether to colour what goes to this stream: a terminal, unless NO_COLOR is set. */
export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

/** Removes ANSI colour codes (for width measurement and tests). */
export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '');
}
