// Which web node runs which build, agreed through the store's settings table so that
// two nodes never run one build twice: the first node to store `build_engine:<id>`
// runs it (setIfAbsent is atomic). Each node keeps `web_node_alive:<node>` fresh; a
// claim whose node stopped (or went quiet for longer than orphanAfterMs) is orphaned.
import type { Store } from '../../ports/store';

export type ClaimResult = 'mine' | 'taken' | 'orphaned';

const claimKey = (buildId: number): string => `build_engine:${buildId}`;
const aliveKey = (node: string): string => `web_node_alive:${node}`;
const STOPPED = 'stopped';

export class BuildClaims {
  constructor(
    private readonly store: Store,
    readonly nodeId: string,
    /** How long a silent node keeps its builds; 0 when this node is the only one (PGlite). */
    private readonly orphanAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  heartbeat(): Promise<void> {
    return this.store.settings.set(aliveKey(this.nodeId), String(this.now()));
  }

  /** Said on a clean stop: this node's claims are orphaned at once. */
  stopped(): Promise<void> {
    return this.store.settings.set(aliveKey(this.nodeId), STOPPED);
  }

  async claim(buildId: number): Promise<ClaimResult> {
    const holder = await this.store.settings.setIfAbsent(claimKey(buildId), this.nodeId);
    if (holder === this.nodeId) return 'mine';
    return (await this.holderAlive(holder)) ? 'taken' : 'orphaned';
  }

  private async holderAlive(holder: string): Promise<boolean> {
    const beat = await this.store.settings.get(aliveKey(holder));
    if (beat === null || beat === STOPPED) return false;
    return this.now() - Number(beat) <= this.orphanAfterMs;
  }
}
