import type { MouseEvent, ReactNode } from 'react';
import { navigate } from '../lib/router';

/** An <a> that changes page without reloading (ctrl/middle click still open a tab). */
export function Link({ href, children, className, testId }: { href: string; children: ReactNode; className?: string; testId?: string }) {
  const onClick = (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={onClick} className={className} data-testid={testId}>{children}</a>;
}
