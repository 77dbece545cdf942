// Uploaded inputs and collected outputs of a one-off build (`gantry execute`), as
// volumes recorded in the store with kind `artifact`; for artifacts the volume row's
// `path` holds the artifact's name (the task input or output it stands for).
import type { OneOffArtifacts } from '../../ports/engine-ports';
import type { Store } from '../../ports/store';
import type { Build } from '../../ports/store-rows';

export function storeOneOffArtifacts(store: Store, build: Build): OneOffArtifacts {
  return {
    async input(artifactId) {
      const volume = await store.volumes.get(artifactId);
      if (!volume || volume.kind !== 'artifact' || volume.teamId !== build.teamId) throw new Error(`artifact ${artifactId} not found`);
      return { worker: volume.workerName, volume: volume.handle };
    },
    async output(name, location) {
      await store.transaction(async (tx) => {
        await tx.volumes.destroy(location.volume);
        await tx.volumes.create({
          handle: location.volume, workerName: location.worker, kind: 'artifact', path: name, buildId: build.id, teamId: build.teamId,
        });
        await tx.volumes.setState(location.volume, 'created');
      });
    },
  };
}
