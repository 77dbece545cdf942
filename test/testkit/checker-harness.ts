// What the checker tests share: a real store (PGlite in memory) with team main, the real
// resource runner on a real runc worker, pipelines saved straight into the store, git
// repositories removed at the end, and a runner that counts the checks reaching it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { openStore } from '../../src/store';
import { specsOf } from '../../src/api/pipeline-specs';
import { WorkerResourceRunner } from '../../src/resources';
import { RuncRuntime } from '../../src/worker';
import type { CheckRequest, ResourceRunner } from '../../src/ports/resource-runner';
import type { Store } from '../../src/ports/store';
import type { JsonObject } from '../../src/ports/store-rows';
import { GitRepo } from './git-repo';

export interface CheckerHarness {
  store: Store;
  /** The real runner, counting the checks that reach it. */
  counting(): ResourceRunner & { calls: CheckRequest[] };
  /** Saves (and unless `paused`, unpauses) a pipeline of team main; returns its id. */
  savePipeline(name: string, yaml: string, paused?: boolean): Promise<number>;
  /** A git repository removed by close(). */
  repo(): GitRepo;
  close(): Promise<void>;
}

export async function openCheckerHarness(): Promise<CheckerHarness> {
  const workDir = mkdtempSync(join(tmpdir(), 'gantry-checker-'));
  const store = await openStore({ memory: true });
  await store.teams.save('main', {});
  const runtime = await RuncRuntime.open({ workDir });
  const real = new WorkerResourceRunner({ runtime });
  const repos: GitRepo[] = [];
  return {
    store,
    counting() {
      const calls: CheckRequest[] = [];
      return Object.assign(Object.create(real) as ResourceRunner, {
        calls,
        check: (req: CheckRequest) => {
          calls.push(req);
          return real.check(req);
        },
      });
    },
    async savePipeline(name, yaml, paused = false) {
      const config = parseYaml(yaml) as JsonObject;
      const { pipeline } = await store.pipelines.saveConfig({ team: 'main', name, config, ...specsOf(config) });
      if (!paused) await store.pipelines.setPaused(pipeline.id, false);
      return pipeline.id;
    },
    repo() {
      const r = GitRepo.init();
      repos.push(r);
      return r;
    },
    async close() {
      await store.close();
      await runtime.close();
      rmSync(workDir, { recursive: true, force: true });
      for (const r of repos) r.remove();
    },
  };
}
