// Login with the password grant at /sky/issuer/token, as fly does; the token is
// kept in localStorage and sent as a bearer token, the same token the API and
// CLI use.
import type { TokenResponse, UserInfo } from '../../../src/protocol/api';

const KEY = 'gantry.token';
let listeners: (() => void)[] = [];

export function getToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

function setToken(token: string | null): void {
  if (token) localStorage.setItem(KEY, token);
  else localStorage.removeItem(KEY);
  for (const l of listeners) l();
}

export function onAuthChange(listener: () => void): () => void {
  listeners.push(listener);
  return () => {
    listeners = listeners.filter((l) => l !== listener);
  };
}

export async function login(username: string, password: string): Promise<void> {
  const res = await fetch('/sky/issuer/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${btoa('fly:Zmx5')}` },
    body: new URLSearchParams({ grant_type: 'password', username, password, scope: 'openid profile email federated:id groups' }),
  });
  if (!res.ok) throw new Error(res.status === 401 ? 'invalid username or password' : `login failed: ${res.status}`);
  setToken(((await res.json()) as TokenResponse).access_token);
}

export function logout(): void {
  setToken(null);
}

export async function currentUser(): Promise<UserInfo | undefined> {
  const token = getToken();
  if (!token) return undefined;
  const res = await fetch('/api/v1/user', { headers: { Authorization: `Bearer ${token}` } });
  if (res.status === 401) {
    setToken(null);
    return undefined;
  }
  return res.ok ? ((await res.json()) as UserInfo) : undefined;
}
