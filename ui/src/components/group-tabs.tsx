import { navigate } from '../lib/router';

/** Concourse's group tabs: click picks one group, shift-click adds or removes it. */
export function GroupTabs({ names, selected, base }: { names: string[]; selected: string[]; base: string }) {
  if (names.length === 0) return null;
  const go = (groups: string[]) => navigate(groups.length ? `${base}?${groups.map((g) => `group=${encodeURIComponent(g)}`).join('&')}` : base);
  return (
    <nav className="group-tabs" data-testid="group-tabs">
      {names.map((name) => (
        <button
          key={name}
          className={selected.includes(name) ? 'tab selected' : 'tab'}
          data-group={name}
          onClick={(e) => go(e.shiftKey ? (selected.includes(name) ? selected.filter((g) => g !== name) : [...selected, name]) : [name])}
        >
          {name}
        </button>
      ))}
    </nav>
  );
}
