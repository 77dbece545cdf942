// ANSI SGR colour parsing for build logs: turns one line of text with escape
// sequences into styled segments. Pure: no DOM; the log view renders segments.
// Colour state carries over line ends (a task may colour several lines with
// one escape), so parsing takes the style in force at the start of the line.

export interface AnsiStyle {
  readonly fg?: string;
  readonly bg?: string;
  readonly bold?: boolean;
  readonly faint?: boolean;
  readonly italic?: boolean;
  readonly underline?: boolean;
  readonly inverse?: boolean;
}

export interface AnsiSegment {
  readonly text: string;
  readonly style: AnsiStyle;
}

export const PLAIN: AnsiStyle = Object.freeze({});

// The 16 basic colours (normal then bright), tuned for a dark background.
const BASIC = [
  '#4d4d4d', '#e74c3c', '#2ecc71', '#f1c40f', '#3498db', '#9b59b6', '#1abc9c', '#d0d0d0',
  '#7f8c8d', '#ff6f61', '#5ef38c', '#ffe15b', '#6bb8ff', '#d48aff', '#48e5c2', '#ffffff',
];

/** The xterm 256-colour palette entry n as a CSS colour. */
export function color256(n: number): string {
  if (n < 16) return BASIC[n] ?? BASIC[7]!;
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v},${v},${v})`;
  }
  const i = n - 16;
  const level = (x: number): number => (x === 0 ? 0 : 55 + x * 40);
  return `rgb(${level(Math.floor(i / 36))},${level(Math.floor(i / 6) % 6)},${level(i % 6)})`;
}

// CSI ... m (SGR) and every other CSI / OSC sequence, which are dropped.
const ESCAPE = /\x1b\[([0-9;:]*)([A-Za-z])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Za-z0-9]|\x1b[=>78]/g;

function extendedColor(codes: number[], i: number): { color?: string; used: number } {
  const mode = codes[i + 1];
  if (mode === 5 && codes[i + 2] !== undefined) return { color: color256(codes[i + 2]!), used: 2 };
  if (mode === 2 && codes[i + 4] !== undefined) {
    return { color: `rgb(${codes[i + 2]},${codes[i + 3]},${codes[i + 4]})`, used: 4 };
  }
  return { used: 1 };
}

/** Applies one SGR parameter list to a style. */
export function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  let s: { -readonly [K in keyof AnsiStyle]: AnsiStyle[K] } = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === 0) s = {};
    else if (c === 1) s.bold = true;
    else if (c === 2) s.faint = true;
    else if (c === 3) s.italic = true;
    else if (c === 4) s.underline = true;
    else if (c === 7) s.inverse = true;
    else if (c === 22) delete s.bold, delete s.faint;
    else if (c === 23) delete s.italic;
    else if (c === 24) delete s.underline;
    else if (c === 27) delete s.inverse;
    else if (c >= 30 && c <= 37) s.fg = BASIC[c - 30];
    else if (c >= 90 && c <= 97) s.fg = BASIC[c - 90 + 8];
    else if (c === 39) delete s.fg;
    else if (c >= 40 && c <= 47) s.bg = BASIC[c - 40];
    else if (c >= 100 && c <= 107) s.bg = BASIC[c - 100 + 8];
    else if (c === 49) delete s.bg;
    else if (c === 38 || c === 48) {
      const { color, used } = extendedColor(codes, i);
      if (color) s[c === 38 ? 'fg' : 'bg'] = color;
      i += used;
    }
  }
  return isPlain(s) ? PLAIN : s;
}

export function isPlain(s: AnsiStyle): boolean {
  for (const _ in s) return false;
  return true;
}

/** Splits one line into styled segments; `end` is the style in force after it. */
export function parseAnsi(line: string, start: AnsiStyle = PLAIN): { segments: AnsiSegment[]; end: AnsiStyle } {
  if (!line.includes('\x1b')) return { segments: line ? [{ text: line, style: start }] : [], end: start };
  const segments: AnsiSegment[] = [];
  let style = start;
  let last = 0;
  for (const m of line.matchAll(ESCAPE)) {
    const at = m.index ?? 0;
    if (at > last) segments.push({ text: line.slice(last, at), style });
    if (m[2] === 'm') style = applySgr(style, m[1] ?? '');
    last = at + m[0].length;
  }
  if (last < line.length) segments.push({ text: line.slice(last), style });
  return { segments: mergeSegments(segments), end: style };
}

function mergeSegments(segments: AnsiSegment[]): AnsiSegment[] {
  const out: AnsiSegment[] = [];
  for (const seg of segments) {
    const prev = out[out.length - 1];
    if (prev && prev.style === seg.style) out[out.length - 1] = { text: prev.text + seg.text, style: seg.style };
    else out.push(seg);
  }
  return out;
}

// A line whose last escape is a full reset and which has nothing but text after it ends plain.
const TRAILING_RESET = /^\x1b\[0*m[^\x1b]*$/;

/** The style in force after a line, without building segments (fast paths: no escapes, a final reset). */
export function styleAfter(line: string, start: AnsiStyle): AnsiStyle {
  const last = line.lastIndexOf('\x1b');
  if (last < 0) return start;
  if (line.startsWith('\x1b[0m', last) || line.startsWith('\x1b[m', last)) return PLAIN;
  if (TRAILING_RESET.test(line.slice(last))) return PLAIN;
  let style = start;
  for (const m of line.matchAll(ESCAPE)) if (m[2] === 'm') style = applySgr(style, m[1] ?? '');
  return style;
}

/** The text of a line without escape sequences (what search matches against). */
export function stripAnsi(line: string): string {
  return line.includes('\x1b') ? line.replace(ESCAPE, '') : line;
}
