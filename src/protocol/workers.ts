// Workers on the wire: Concourse's atc.Worker JSON, which the API lists and a
// `gantry worker` sends when it registers and heartbeats.

/** A worker as GET /api/v1/workers answers. Concourse sends `tags: null` for none. */
export interface WorkerJson {
  name: string;
  addr: string;
  baggageclaim_url: string;
  active_containers: number;
  active_volumes: number;
  active_tasks: number;
  resource_types: unknown[];
  platform: string;
  tags: string[] | null;
  team: string;
  version: string;
  start_time: number;
  ephemeral: boolean;
  state: string;
}

/** What a worker says about itself; the web node decides its state. */
export type WorkerRegistration = Omit<WorkerJson, 'tags' | 'state'> & { tags: string[]; state?: string };
