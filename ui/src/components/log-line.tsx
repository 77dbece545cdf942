import { type AnsiStyle, parseAnsi } from '../lib/ansi';
import { clock } from '../lib/format';

function css(s: AnsiStyle): React.CSSProperties | undefined {
  if (!s.fg && !s.bg && !s.bold && !s.italic && !s.underline && !s.faint && !s.inverse) return undefined;
  const fg = s.inverse ? (s.bg ?? '#1e1e1e') : s.fg;
  const bg = s.inverse ? (s.fg ?? '#d0d0d0') : s.bg;
  return {
    color: fg,
    background: bg,
    fontWeight: s.bold ? 'bold' : undefined,
    fontStyle: s.italic ? 'italic' : undefined,
    textDecoration: s.underline ? 'underline' : undefined,
    opacity: s.faint ? 0.7 : undefined,
  };
}

/** One log line: ANSI segments, an optional timestamp, the search hit marked. */
export function LogLine({ text, style, time, showTime, hit, depth }: { text: string; style: AnsiStyle; time: number | undefined; showTime: boolean; hit: boolean; depth: number }) {
  const { segments } = parseAnsi(text, style);
  return (
    <div className={`log-line${hit ? ' hit' : ''}`} style={{ paddingLeft: 12 + depth * 16 }} data-testid="log-line">
      {showTime && <span className="log-time">{clock(time)}</span>}
      {segments.map((seg, i) => <span key={i} style={css(seg.style)}>{seg.text}</span>)}
    </div>
  );
}
