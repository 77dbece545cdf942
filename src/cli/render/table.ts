// Aligned text tables as fly prints them: columns padded to the widest cell and
// separated by two spaces; the header row only for people (a TTY) or on request.
import type { Palette } from './color';

export type CellColor = 'bold' | 'faint' | 'red' | 'green' | 'yellow' | 'cyan' | 'magenta' | 'redBold';

export interface Cell {
  text: string;
  color?: CellColor;
}

export type Row = (Cell | string)[];

export interface TableOptions {
  /** Print the header row (fly: on a TTY, or with --print-table-headers). */
  headers: boolean;
  colors: Palette;
}

function cell(c: Cell | string): Cell {
  return typeof c === 'string' ? { text: c } : c;
}

/** Renders a table to text, one line per row, each ending in a newline. */
export function renderTable(headers: string[], rows: Row[], opts: TableOptions): string {
  const all: Cell[][] = [];
  if (opts.headers) all.push(headers.map((h) => ({ text: h, color: 'bold' as const })));
  for (const r of rows) all.push(r.map(cell));
  const widths: number[] = [];
  for (const r of all) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.text.length)));
  const lines = all.map((r) =>
    r
      .map((c, i) => {
        const painted = c.color ? opts.colors[c.color](c.text) : c.text;
        const last = i === r.length - 1;
        return last ? painted : painted + ' '.repeat((widths[i] ?? 0) - c.text.length) + '  ';
      })
      .join('')
      .trimEnd(),
  );
  return lines.map((l) => l + '\n').join('');
}

/** Sorts rows by the text of their first cell, as fly does for targets and teams. */
export function sortByFirstColumn(rows: Row[]): Row[] {
  const key = (r: Row) => cell(r[0] ?? '').text;
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** A build status coloured as fly colours it. */
export function statusCell(status: string | undefined): Cell {
  if (!status) return { text: 'n/a' };
  const colors: Record<string, CellColor> = {
    pending: 'faint',
    started: 'yellow',
    succeeded: 'green',
    failed: 'red',
    errored: 'redBold',
    aborted: 'magenta',
  };
  return { text: status, color: colors[status] ?? 'redBold' };
}

/** fly's yes/no column: "yes" stands out in cyan. */
export function yesNo(value: boolean): Cell {
  return value ? { text: 'yes', color: 'cyan' } : { text: 'no' };
}
