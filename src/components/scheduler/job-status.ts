// "Why is this job not running?" — the scheduler's last word per job, kept in the store's
// settings (key `gantry_job_status:<job id>`) so every web node's API can show it and a
// restart keeps it. Written only when the sentence changes.
import type { Store } from '../../ports/store';

const key = (jobId: number): string => `gantry_job_status:${jobId}`;

export interface JobStatus {
  /** One sentence: what the scheduler did or what holds the job. */
  reason: string;
  /** Per input that cannot resolve: Gantry's explanation. */
  inputs?: Record<string, string>;
}

export class JobStatusBook {
  private readonly written = new Map<number, string>();
  constructor(private readonly store: Store) {}

  async record(store: Store, jobId: number, status: JobStatus): Promise<void> {
    const text = JSON.stringify(status);
    if (this.written.get(jobId) === text) return;
    await store.settings.set(key(jobId), text);
    this.written.set(jobId, text);
  }

  async has(store: Store, jobId: number): Promise<boolean> {
    return this.written.has(jobId) || (await store.settings.get(key(jobId))) !== null;
  }

  read(jobId: number): Promise<JobStatus | null> {
    return readJobStatus(this.store, jobId);
  }
}

export async function readJobStatus(store: Store, jobId: number): Promise<JobStatus | null> {
  const text = await store.settings.get(key(jobId));
  if (!text) return null;
  try {
    return JSON.parse(text) as JobStatus;
  } catch {
    return null;
  }
}
