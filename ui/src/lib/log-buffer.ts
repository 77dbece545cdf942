// One step's log as lines, built from the chunks of `log` events. Chunks split
// anywhere (mid-line, mid-escape), so the last line stays open until a newline
// arrives. Each line keeps the time of the chunk that started it (for the
// timestamps toggle) and the ANSI style in force at its start, stored only when
// it is not plain so a million plain lines cost one string each.
import { type AnsiStyle, PLAIN, styleAfter } from './ansi';

export class LogBuffer {
  readonly lines: string[] = [];
  readonly times: number[] = [];
  /** Line index → style at its start, only where not plain. */
  readonly startStyles = new Map<number, AnsiStyle>();
  private open = false;
  /** Whether the open line's chunks held a carriage return / an escape. */
  private openCr = false;
  private openEsc = false;
  private endStyle: AnsiStyle = PLAIN;

  get length(): number {
    return this.lines.length;
  }

  styleAt(line: number): AnsiStyle {
    return this.startStyles.get(line) ?? PLAIN;
  }

  /**
   * Per-line work is what a million lines cost, so a chunk is checked once for carriage
   * returns and escapes: without them a line needs neither overprint nor a style scan.
   */
  append(payload: string, time: number): void {
    if (payload === '') return;
    const cr = payload.includes('\r');
    const esc = payload.includes('\x1b');
    const parts = payload.split('\n');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      if (this.open) {
        const at = this.lines.length - 1;
        this.lines[at] = this.lines[at]! + part;
        this.openCr ||= cr;
        this.openEsc ||= esc;
      } else if (!last || part !== '') {
        this.startLine(time);
        this.lines[this.lines.length - 1] = part;
        this.openCr = cr;
        this.openEsc = esc;
      }
      if (!last) this.closeLine();
      else this.open = part !== '' || this.open;
    }
  }

  private startLine(time: number): void {
    const index = this.lines.length;
    this.lines.push('');
    this.times.push(time);
    if (this.endStyle !== PLAIN) this.startStyles.set(index, this.endStyle);
  }

  private closeLine(): void {
    const at = this.lines.length - 1;
    if (at < 0) return;
    if (this.openCr) this.lines[at] = overprint(this.lines[at]!);
    // A line without escapes ends in the style it started with (endStyle as it was).
    if (this.openEsc) this.endStyle = styleAfter(this.lines[at]!, this.styleAt(at));
    this.open = false;
  }
}

/** A carriage return rewrites the line (progress bars): keep what was printed last. */
export function overprint(line: string): string {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  const cr = text.lastIndexOf('\r');
  return cr < 0 ? text : text.slice(cr + 1);
}
