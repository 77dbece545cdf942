// What planning a tree needs to carry: the id counter and the pipeline's
// resources and types.
import type { ResourceConfig } from '../config';
import type { Plan, ResourceTypePlan, Version } from './plan';

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** Hands out ids as Concourse's plan factory does: increasing hex numbers. */
export class IdFactory {
  constructor(private next: number) {}
  make(body: Omit<Plan, 'id'>): Plan {
    const id = (this.next++).toString(16);
    return { id, ...body };
  }
}

export interface PlanContext {
  ids: IdFactory;
  resources: ReadonlyMap<string, ResourceConfig>;
  resourceTypes: readonly ResourceTypePlan[];
  resourceTypeDefaults: ReadonlyMap<string, Record<string, unknown>>;
  resolvedInputs: Readonly<Record<string, Version>>;
  cacheKeyPrefix: string;
}
