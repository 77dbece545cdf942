// Picks and opens the store a process was configured with: PostgreSQL when a
// URL is given, PGlite under the data directory otherwise. Migrations run here.
import type { Store } from '../ports/store';

export interface StoreChoice {
  dataDir?: string;
  postgresUrl?: string;
}

export async function openConfiguredStore(choice: StoreChoice): Promise<Store> {
  throw new Error(`store factory not wired yet (${JSON.stringify(choice)})`);
}
