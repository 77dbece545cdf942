// Bundles the repositories over one SqlClient into the Store port.
import type { Notifier, Store, TeamRepo, UserRepo } from '../ports';
import { AccountCache, CachedTeamRepo, CachedUserRepo } from './account-cache';
import type { SqlClient } from './sql-client';
import { SqlSettingRepo, SqlTeamRepo, SqlUserRepo } from './repos/account-repos';
import { SqlBuildEventRepo } from './repos/build-event-repo';
import { SqlBuildRepo } from './repos/build-repo';
import { SqlHistoryRepo } from './repos/history-repo';
import { SqlJobRepo } from './repos/job-repo';
import { SqlPipelineRepo } from './repos/pipeline-repo';
import { SqlResourceRepo, SqlResourceTypeRepo } from './repos/resource-repo';
import { SqlVersionRepo } from './repos/version-repo';
import { SqlContainerRepo, SqlVolumeRepo, SqlWorkerRepo } from './repos/worker-repos';

/** notify goes through the client in use (so inside a transaction it is sent at commit). */
export class SqlNotifier implements Notifier {
  constructor(private readonly db: SqlClient) {}
  async notify(channel: string, payload = ''): Promise<void> {
    await this.db.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    return this.db.listen(channel, handler);
  }
}

export class SqlStore implements Store {
  readonly teams: TeamRepo;
  readonly users: UserRepo;
  readonly settings: SqlSettingRepo;
  readonly pipelines: SqlPipelineRepo;
  readonly jobs: SqlJobRepo;
  readonly resources: SqlResourceRepo;
  readonly resourceTypes: SqlResourceTypeRepo;
  readonly versions: SqlVersionRepo;
  readonly builds: SqlBuildRepo;
  readonly events: SqlBuildEventRepo;
  readonly history: SqlHistoryRepo;
  readonly workers: SqlWorkerRepo;
  readonly containers: SqlContainerRepo;
  readonly volumes: SqlVolumeRepo;
  readonly notifier: SqlNotifier;

  /** `accounts` is the store's cache of teams and users; a transaction's store passes its
   *  parent's, so its writes empty it (and its reads go to the database). */
  private readonly accounts: AccountCache;

  constructor(private readonly db: SqlClient, parentAccounts?: AccountCache) {
    const cache = (this.accounts = parentAccounts ?? new AccountCache(db));
    this.teams = new CachedTeamRepo(new SqlTeamRepo(db), db, cache, parentAccounts !== undefined);
    this.users = new CachedUserRepo(new SqlUserRepo(db), db, cache, parentAccounts !== undefined);
    this.settings = new SqlSettingRepo(db);
    this.pipelines = new SqlPipelineRepo(db);
    this.jobs = new SqlJobRepo(db);
    this.resources = new SqlResourceRepo(db);
    this.resourceTypes = new SqlResourceTypeRepo(db);
    this.versions = new SqlVersionRepo(db);
    this.builds = new SqlBuildRepo(db);
    this.events = new SqlBuildEventRepo(db);
    this.history = new SqlHistoryRepo(db);
    this.workers = new SqlWorkerRepo(db);
    this.containers = new SqlContainerRepo(db);
    this.volumes = new SqlVolumeRepo(db);
    this.notifier = new SqlNotifier(db);
  }

  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.db.inTransaction) return fn(this);
    return this.db.transaction((tx) => fn(new SqlStore(tx, this.accounts)));
  }

  async tryLock(name: string): Promise<boolean> {
    const [row] = await this.db.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [name]);
    return row!.locked;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
