// Teams and local users, cached per node: every authenticated API request reads the team
// list and its user (so a user taken off a team, or deleted, loses access at once), and
// those two statements were a third of what a small request cost. A change made through
// this node empties the cache as it returns; a change made anywhere is announced on
// `accounts_changed` (at commit), which empties every node's cache; and an entry lives at
// most TTL_MS, in case a notification was lost while a node's LISTEN reconnected.
// A read that started before a change never fills the cache after it (generations).
import type { Team, TeamAuth, TeamRepo, User, UserRepo } from '../ports';
import type { SqlClient } from './sql-client';

export const ACCOUNTS_CHANGED = 'accounts_changed';
const TTL_MS = 5_000;

interface Entry<T> { value: Promise<T>; at: number }

/** The cached values and the generation that invalidates them; shared by a store and its transactions. */
export class AccountCache {
  private generation = 0;
  private teams: Entry<Team[]> | undefined;
  private readonly users = new Map<string, Entry<User | null>>();
  private listen: 'no' | 'starting' | 'yes' = 'no';

  constructor(private readonly db: SqlClient, private readonly now: () => number = Date.now) {}

  invalidate(): void {
    this.generation++;
    this.teams = undefined;
    this.users.clear();
  }

  listTeams(load: () => Promise<Team[]>): Promise<Team[]> {
    if (!this.listening()) return load();
    if (this.teams && this.now() - this.teams.at < TTL_MS) return this.teams.value;
    return this.fill(load, (e) => { this.teams = e; }, () => { this.teams = undefined; });
  }

  getUser(username: string, load: () => Promise<User | null>): Promise<User | null> {
    if (!this.listening()) return load();
    const hit = this.users.get(username);
    if (hit && this.now() - hit.at < TTL_MS) return hit.value;
    if (this.users.size > 10_000) this.users.clear(); // a bound, not a policy: a node sees few users
    return this.fill(load, (e) => this.users.set(username, e), () => this.users.delete(username));
  }

  /** Starts a load and keeps it, unless the generation moves on before it ends. */
  private fill<T>(load: () => Promise<T>, keep: (e: Entry<T>) => void, drop: () => void): Promise<T> {
    const generation = this.generation;
    const value = load();
    keep({ value, at: this.now() });
    value.then(
      () => { if (generation !== this.generation) drop(); },
      () => drop(),
    );
    return value;
  }

  /** Whether the cache is in use: only once this node hears the notifications that empty
   *  it (the first call starts listening). */
  listening(): boolean {
    if (this.listen === 'no') {
      this.listen = 'starting';
      this.db.listen(ACCOUNTS_CHANGED, () => this.invalidate()).then(
        () => { this.listen = 'yes'; },
        () => { this.listen = 'no'; },
      );
    }
    return this.listen === 'yes';
  }
}

/** After a write: this node forgets at once, every node at commit. */
async function changed(db: SqlClient, cache: AccountCache): Promise<void> {
  cache.invalidate();
  await db.query('SELECT pg_notify($1, $2)', [ACCOUNTS_CHANGED, '']);
}

export class CachedTeamRepo implements TeamRepo {
  constructor(private readonly inner: TeamRepo, private readonly db: SqlClient, private readonly cache: AccountCache, private readonly readThrough: boolean) {}

  async save(name: string, auth: TeamAuth): Promise<{ team: Team; created: boolean }> {
    const r = await this.inner.save(name, auth);
    await changed(this.db, this.cache);
    return r;
  }
  /** From the cached list once this node listens for changes (every scoped request asks). */
  async get(name: string): Promise<Team | null> {
    if (this.readThrough || !this.cache.listening()) return this.inner.get(name);
    return (await this.list()).find((t) => t.name === name) ?? null;
  }
  async getById(id: number): Promise<Team | null> {
    if (this.readThrough || !this.cache.listening()) return this.inner.getById(id);
    return (await this.list()).find((t) => t.id === id) ?? null;
  }
  list(): Promise<Team[]> {
    return this.readThrough ? this.inner.list() : this.cache.listTeams(() => this.inner.list());
  }
  async rename(name: string, newName: string): Promise<Team> {
    const r = await this.inner.rename(name, newName);
    await changed(this.db, this.cache);
    return r;
  }
  async destroy(name: string): Promise<boolean> {
    const r = await this.inner.destroy(name);
    await changed(this.db, this.cache);
    return r;
  }
}

export class CachedUserRepo implements UserRepo {
  constructor(private readonly inner: UserRepo, private readonly db: SqlClient, private readonly cache: AccountCache, private readonly readThrough: boolean) {}

  async save(username: string, passwordHash: string): Promise<User> {
    const r = await this.inner.save(username, passwordHash);
    await changed(this.db, this.cache);
    return r;
  }
  get(username: string): Promise<User | null> {
    return this.readThrough ? this.inner.get(username) : this.cache.getUser(username, () => this.inner.get(username));
  }
  list(): Promise<User[]> { return this.inner.list(); }
  /** Not an auth change (no notification), but this node's copy is refreshed. */
  async recordLogin(username: string): Promise<void> {
    await this.inner.recordLogin(username);
    this.cache.invalidate();
  }
  async destroy(username: string): Promise<boolean> {
    const r = await this.inner.destroy(username);
    await changed(this.db, this.cache);
    return r;
  }
}
