// Teams, local users and shared settings.
import { ConflictError, NotFoundError, type SettingRepo, type Team, type TeamAuth, type TeamRepo, type User, type UserRepo } from '../../ports';
import { json, type SqlClient } from '../sql-client';
import { toTeam, toUser } from './map-rows';
import { isUniqueViolation } from './sql-errors';

export class SqlTeamRepo implements TeamRepo {
  constructor(private readonly db: SqlClient) {}

  async save(name: string, auth: TeamAuth): Promise<{ team: Team; created: boolean }> {
    // xmax = 0 only on a freshly inserted row: tells create from update in one statement.
    const [row] = await this.db.query(
      `INSERT INTO teams (name, auth) VALUES ($1, $2::jsonb)
       ON CONFLICT (name) DO UPDATE SET auth = EXCLUDED.auth
       RETURNING *, (xmax = 0) AS created`, [name, json(auth)]);
    return { team: toTeam(row!), created: row!.created as boolean };
  }
  async get(name: string): Promise<Team | null> {
    const [row] = await this.db.query('SELECT * FROM teams WHERE name = $1', [name]);
    return row ? toTeam(row) : null;
  }
  async getById(id: number): Promise<Team | null> {
    const [row] = await this.db.query('SELECT * FROM teams WHERE id = $1', [id]);
    return row ? toTeam(row) : null;
  }
  async list(): Promise<Team[]> {
    return (await this.db.query('SELECT * FROM teams ORDER BY name')).map(toTeam);
  }
  async rename(name: string, newName: string): Promise<Team> {
    try {
      const [row] = await this.db.query('UPDATE teams SET name = $2 WHERE name = $1 RETURNING *', [name, newName]);
      if (!row) throw new NotFoundError(`team '${name}'`);
      return toTeam(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(`team '${newName}' already exists`, { cause: err });
      throw err;
    }
  }
  async destroy(name: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM teams WHERE name = $1 RETURNING id', [name])).length > 0;
  }
}

export class SqlUserRepo implements UserRepo {
  constructor(private readonly db: SqlClient) {}

  async save(username: string, passwordHash: string): Promise<User> {
    const [row] = await this.db.query(
      `INSERT INTO users (username, password_hash) VALUES ($1, $2)
       ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash RETURNING *`,
      [username, passwordHash]);
    return toUser(row!);
  }
  async get(username: string): Promise<User | null> {
    const [row] = await this.db.query('SELECT * FROM users WHERE username = $1', [username]);
    return row ? toUser(row) : null;
  }
  async list(): Promise<User[]> {
    return (await this.db.query('SELECT * FROM users ORDER BY username')).map(toUser);
  }
  async recordLogin(username: string): Promise<void> {
    await this.db.query('UPDATE users SET last_login_at = now() WHERE username = $1', [username]);
  }
  async destroy(username: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM users WHERE username = $1 RETURNING id', [username])).length > 0;
  }
}

export class SqlSettingRepo implements SettingRepo {
  constructor(private readonly db: SqlClient) {}

  async get(key: string): Promise<string | null> {
    const [row] = await this.db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
    return row ? row.value : null;
  }
  async set(key: string, value: string): Promise<void> {
    await this.db.query(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
      [key, value]);
  }
  async setIfAbsent(key: string, value: string): Promise<string> {
    // One statement: the inserted value, else the one already there (the outer SELECT sees
    // the table as it was before the INSERT). A row another transaction committed while
    // this INSERT waited on it is not in that snapshot: then a second read finds it.
    const [row] = await this.db.query<{ value: string }>(
      `WITH ins AS (INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING value)
       SELECT value FROM ins UNION ALL SELECT value FROM settings WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM ins)`,
      [key, value]);
    return row ? row.value : (await this.get(key))!;
  }
}
