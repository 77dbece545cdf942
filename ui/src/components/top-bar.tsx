import type { UserInfo } from '../../../src/protocol/api';
import { logout } from '../lib/auth';
import { navigate } from '../lib/router';
import { Link } from './link';

export function TopBar({ user, crumbs }: { user: UserInfo | undefined; crumbs?: { label: string; href: string }[] }) {
  return (
    <header className="top-bar">
      <Link href="/" className="brand">gantry</Link>
      <nav className="crumbs">
        {(crumbs ?? []).map((c) => (
          <Link key={c.href} href={c.href}>{c.label}</Link>
        ))}
      </nav>
      <div className="user">
        {user ? (
          <>
            <span data-testid="user-name">{user.user_name || user.name}</span>
            <button onClick={() => { logout(); navigate('/login'); }}>log out</button>
          </>
        ) : (
          <Link href="/login" testId="login-link">log in</Link>
        )}
      </div>
    </header>
  );
}
