// A build's events on their way to the store: batched (BatchingEventSink), appended in
// order to the build's event log; every append notifies `build_events`, which wakes
// the SSE readers of that build.
import { BatchingEventSink } from '../../engine';
import type { BuildEventSink } from '../../ports/engine-ports';
import type { Store } from '../../ports/store';
import type { Json } from '../../ports/store-rows';
import type { BuildEvent } from '../../protocol/build-events';

export function storeEventSink(store: Store, buildId: number): BuildEventSink {
  return new BatchingEventSink((events: BuildEvent[]) =>
    store.events.append(
      buildId,
      events.map((e) => ({ type: e.event, version: e.version, payload: e.data as unknown as Json })),
    ),
  );
}

/** One event written directly (the tracker's own messages: orphaned or refused builds). */
export async function appendEvent(store: Store, buildId: number, event: BuildEvent): Promise<void> {
  await store.events.append(buildId, [{ type: event.event, version: event.version, payload: event.data as unknown as Json }]);
}
