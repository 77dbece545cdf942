// Diagnostics: what validation says about a config, with the place it says it.
// One shape for structural (schema) and semantic (Concourse's rules) findings,
// printed the way compilers print: `file:line:col: error: path: message`.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  message: string;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** The field path, e.g. `jobs[2].plan[0].get`; '' for the document itself. */
  path: string;
}

export type PathSegment = string | number;
export type ConfigPath = readonly PathSegment[];

export interface Position {
  line: number;
  column: number;
}

/**
 * Finds the source position of the node at `path`. With `'key'`, the position
 * of the mapping key rather than its value (for "unknown field" findings).
 * Falls back to the deepest existing ancestor.
 */
export type Locate = (path: ConfigPath, part?: 'key' | 'value') => Position | undefined;

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** `['jobs', 2, 'plan', 0, 'get']` → `jobs[2].plan[0].get`. */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.path === '' ? '' : `${d.path}: `;
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${where}${d.message}`;
}

/** Orders diagnostics as a reader scans the file: by line, then column. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i)
    .map(({ d }) => d);
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}

/** Collects findings against paths and turns them into positioned diagnostics. */
export class DiagnosticSink {
  readonly list: Diagnostic[] = [];

  constructor(
    private readonly file: string,
    private readonly locate: Locate | undefined,
  ) {}

  error(path: ConfigPath, message: string, part: 'key' | 'value' = 'value'): void {
    this.add('error', path, message, part);
  }

  warning(path: ConfigPath, message: string, part: 'key' | 'value' = 'value'): void {
    this.add('warning', path, message, part);
  }

  private add(severity: Severity, path: ConfigPath, message: string, part: 'key' | 'value'): void {
    const pos = this.locate?.(path, part) ?? { line: 1, column: 1 };
    this.list.push({ severity, message, file: this.file, line: pos.line, column: pos.column, path: formatPath(path) });
  }
}
