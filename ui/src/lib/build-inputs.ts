// Each build's inputs for a job's history, from Concourse's
// GET /api/v1/builds/:id/resources (its web UI asks per build too). A build's
// inputs are fixed once it has started, so those answers are kept for the page's
// life; a pending build is asked again on the next refresh.
import { useEffect, useState } from 'react';
import type { Build } from '../../../src/protocol/api';
import { apiGetOptional, paths } from './api';

export interface BuildInputVersion {
  name: string;
  version: Record<string, string>;
}

interface BuildResources {
  inputs?: BuildInputVersion[];
}

const known = new Map<number, BuildInputVersion[]>();
const AT_ONCE = 4;

export async function fetchBuildInputs(id: number): Promise<BuildInputVersion[]> {
  const res = await apiGetOptional<BuildResources>(`${paths.build(id)}/resources`);
  return res?.inputs ?? [];
}

/** Inputs per build id, filled in as the answers arrive (a few requests at a time). */
export function useBuildInputs(builds: readonly Build[]): ReadonlyMap<number, BuildInputVersion[]> {
  const [inputs, setInputs] = useState<ReadonlyMap<number, BuildInputVersion[]>>(() => new Map());
  const key = builds.map((b) => `${b.id}:${b.status}`).join(',');
  useEffect(() => {
    let live = true;
    const found = new Map<number, BuildInputVersion[]>();
    for (const b of builds) {
      const k = known.get(b.id);
      if (k) found.set(b.id, k);
    }
    setInputs(new Map(found));
    const todo = builds.filter((b) => !found.has(b.id));
    const worker = async (): Promise<void> => {
      for (let b = todo.shift(); b && live; b = todo.shift()) {
        const list = await fetchBuildInputs(b.id).catch(() => undefined);
        if (!list || !live) continue;
        if (b.status !== 'pending') known.set(b.id, list);
        found.set(b.id, list);
        setInputs(new Map(found));
      }
    };
    void Promise.all(Array.from({ length: AT_ONCE }, worker));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return inputs;
}
