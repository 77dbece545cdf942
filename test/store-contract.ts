// The store's contract: every repository behaviour, run against each adapter
// (test/store-pglite.test.ts, test/store-postgres.test.ts) with a fresh database per test.
import { buildContract } from './store-contract/builds';
import type { StoreFactory } from './store-contract/fixtures';
import { historyContract } from './store-contract/history';
import { pipelineFlagsContract } from './store-contract/pipeline-flags';
import { pipelineContract } from './store-contract/pipelines';
import { runtimeContract } from './store-contract/runtime';
import { versionContract } from './store-contract/versions';

export type { StoreFactory };

export function storeContract(factory: StoreFactory): void {
  pipelineContract(factory);
  pipelineFlagsContract(factory);
  buildContract(factory);
  versionContract(factory);
  runtimeContract(factory);
  historyContract(factory);
}
