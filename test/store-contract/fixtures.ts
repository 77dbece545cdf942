// Shared helpers for the store contract suites: a store per test, and a small pipeline.
import type { JobSpec, ResourceSpec, SavePipelineConfig, Store } from '../../src/ports';

export type StoreFactory = () => Promise<Store>;

/** Runs fn with a fresh store and closes it afterwards, pass or fail. */
export async function withStore<T>(factory: StoreFactory, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await factory();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function job(name: string, extra: Record<string, unknown> = {}): JobSpec {
  return { name, config: { name, plan: [], ...extra } as JobSpec['config'] };
}

export function gitResource(name: string, uri = `https://example.com/${name}.git`): ResourceSpec {
  return { name, type: 'git', config: { name, type: 'git', source: { uri } } };
}

/** A save of team main's pipeline with the given jobs and resources (by name). */
export function pipelineSave(
  name: string, jobs: string[], resources: string[] = [], extra: Partial<SavePipelineConfig> = {},
): SavePipelineConfig {
  return {
    team: 'main', name,
    config: { jobs: jobs.map((j) => ({ name: j, plan: [] })), resources: resources.map((r) => ({ name: r, type: 'git' })) },
    jobs: jobs.map((j) => job(j)),
    resources: resources.map((r) => gitResource(r)),
    resourceTypes: [],
    ...extra,
  };
}

/** A store with team main and one pipeline; returns the pipeline id. */
export async function seedPipeline(store: Store, jobs = ['unit'], resources = ['repo']): Promise<number> {
  await store.teams.save('main', {});
  const { pipeline } = await store.pipelines.saveConfig(pipelineSave('p', jobs, resources));
  return pipeline.id;
}

/** Resolves with the first payload on channel, or rejects after ms. */
export function nextNotification(store: Store, channel: string, ms = 5000): { ready: Promise<void>; payload: Promise<string> } {
  let readyResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const payload = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no notification on ${channel} within ${ms} ms`)), ms);
    store.notifier.listen(channel, (p) => {
      clearTimeout(timer);
      resolve(p);
    }).then(readyResolve, reject);
  });
  return { ready, payload };
}
