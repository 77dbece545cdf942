import { type FormEvent, useState } from 'react';
import { login } from '../lib/auth';
import { navigate } from '../lib/router';

export function LoginPage() {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    try {
      await login(String(form.get('username')), String(form.get('password')));
      navigate(new URLSearchParams(location.search).get('redirect') ?? '/');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login">
      <form onSubmit={submit} data-testid="login-form">
        <h1>gantry</h1>
        <label>username<input name="username" autoComplete="username" autoFocus required /></label>
        <label>password<input name="password" type="password" autoComplete="current-password" required /></label>
        <button type="submit" disabled={busy}>log in</button>
        {error && <p className="error" role="alert">{error}</p>}
      </form>
    </main>
  );
}
