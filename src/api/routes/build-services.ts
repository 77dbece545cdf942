// What the build routes need from the node's workers beyond the store: artifacts
// streamed in and out of volumes, processes in containers (intercept), task caches.
// The app wires an implementation (src/app/local-worker.ts); without one those routes
// answer 501.
import type { ProcessSpec, RunningProcess } from '../../ports/worker-runtime';
import type { Volume } from '../../ports/store-rows';

export interface TaskCacheRef { team: string; pipeline: string; job: string; step: string; path?: string }

export interface BuildServices {
  /** Extracts a gzipped tar into a new artifact volume of the team (unsafe entries refused). */
  uploadArtifact(teamId: number, tarGz: AsyncIterable<Uint8Array>): Promise<Volume>;
  /** The volume's content as a gzipped tar. */
  downloadArtifact(volume: Volume): AsyncIterable<Uint8Array>;
  /** Runs a process in a live container (intercept). */
  exec(containerHandle: string, spec: ProcessSpec): Promise<RunningProcess>;
  /** Removes the matching task caches; returns how many. */
  clearTaskCache(ref: TaskCacheRef): Promise<number>;
}
