// Picks and opens the store a process was configured with: PostgreSQL when a
// URL is given, PGlite under the data directory otherwise. Migrations run as it opens.
import { mkdirSync } from 'node:fs';
import type { Store } from '../ports/store';
import { openStore } from '../store';

export interface StoreChoice {
  dataDir?: string;
  postgresUrl?: string;
}

export async function openConfiguredStore(choice: StoreChoice): Promise<Store> {
  if (choice.postgresUrl) return openStore({ postgresUrl: choice.postgresUrl });
  if (!choice.dataDir) throw new Error('a web node needs a PostgreSQL URL or a data directory');
  mkdirSync(choice.dataDir, { recursive: true });
  return openStore({ dataDir: choice.dataDir });
}
