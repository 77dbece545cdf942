import { useEffect, useState } from 'react';

/** The search box: finds text in the whole log; enter / shift-enter step through hits. */
export function LogSearch({ count, index, onQuery, onStep }: { count: number; index: number; onQuery: (q: string) => void; onStep: (delta: number) => void }) {
  const [text, setText] = useState('');
  useEffect(() => {
    const t = setTimeout(() => onQuery(text), 150);
    return () => clearTimeout(t);
  }, [text, onQuery]);
  return (
    <span className="log-search">
      <input
        placeholder="search log"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && onStep(e.shiftKey ? -1 : 1)}
        data-testid="log-search"
      />
      <span className="muted" data-testid="log-search-count">{text ? (count ? `${index + 1} / ${count}` : 'no match') : ''}</span>
      <button onClick={() => onStep(-1)} disabled={!count} title="previous">↑</button>
      <button onClick={() => onStep(1)} disabled={!count} title="next">↓</button>
    </span>
  );
}
