// Where command output goes: stdout for results, stderr for problems. Tables
// get a header row and colours only when a person is reading (a TTY).
import { colorsFor, palette, renderTable, toJson, type Palette, type Row } from '../render';

export interface Output {
  colors: Palette;
  /** Colours for text written to stderr (judged on stderr's own TTY). */
  errColors: Palette;
  print(text: string): void;
  line(text?: string): void;
  error(text: string): void;
  table(headers: string[], rows: Row[]): void;
  json(value: unknown): void;
}

export interface OutputOptions {
  /** fly's --print-table-headers: headers even when stdout is not a terminal. */
  printTableHeaders?: boolean;
  /** set-pipeline's --no-color. */
  noColor?: boolean;
}

export function output(opts: OutputOptions = {}): Output {
  const colors = palette(!opts.noColor && colorsFor(process.stdout));
  const errColors = palette(!opts.noColor && colorsFor(process.stderr));
  const headers = Boolean(opts.printTableHeaders) || Boolean(process.stdout.isTTY);
  return {
    colors,
    errColors,
    print: (text) => void process.stdout.write(text),
    line: (text = '') => void process.stdout.write(text + '\n'),
    error: (text) => void process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
    table: (h, rows) => void process.stdout.write(renderTable(h, rows, { headers, colors })),
    json: (value) => void process.stdout.write(toJson(value)),
  };
}
