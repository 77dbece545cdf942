// The checker's notification channels and their JSON payloads. The API asks for a check by
// notifying `check_requested` (so whichever web node runs a checker answers), and waits for
// `check_finished` when the caller wants the outcome.
import type { Notifier } from '../../ports/store';
import type { TargetKind } from './check-targets';

export const CHECK_CHANNELS = {
  requested: 'check_requested',
  finished: 'check_finished',
} as const;

export interface CheckRequestMessage {
  kind: TargetKind;
  id: number;
  from?: Record<string, string>;
}

export interface CheckFinishedMessage {
  kind: TargetKind;
  id: number;
  scopeId: number;
  succeeded: boolean;
  ran: boolean;
}

export function parseCheckRequest(payload: string): CheckRequestMessage | null {
  try {
    const m = JSON.parse(payload) as CheckRequestMessage;
    if ((m.kind !== 'resource' && m.kind !== 'resource-type') || !Number.isInteger(m.id)) return null;
    return m;
  } catch {
    return null;
  }
}

/**
 * Asks for a check and, with `waitMs`, waits for its end. Resolves with the finished message,
 * or null when nobody answered in time (no checker running, or still checking).
 */
export async function requestCheck(notifier: Notifier, msg: CheckRequestMessage, waitMs = 0): Promise<CheckFinishedMessage | null> {
  if (waitMs <= 0) {
    await notifier.notify(CHECK_CHANNELS.requested, JSON.stringify(msg));
    return null;
  }
  let done!: (m: CheckFinishedMessage | null) => void;
  const finished = new Promise<CheckFinishedMessage | null>((resolve) => (done = resolve));
  const unlisten = await notifier.listen(CHECK_CHANNELS.finished, (payload) => {
    try {
      const m = JSON.parse(payload) as CheckFinishedMessage;
      if (m.kind === msg.kind && m.id === msg.id && m.ran) done(m);
    } catch {
      /* not ours */
    }
  });
  const timer = setTimeout(() => done(null), waitMs);
  try {
    await notifier.notify(CHECK_CHANNELS.requested, JSON.stringify(msg));
    return await finished;
  } finally {
    clearTimeout(timer);
    await unlisten();
  }
}
