// The checker's notification channels and their JSON payloads. The API asks for a check by
// notifying `check_requested` (so whichever web node runs a checker answers), and waits for
// `check_finished` when the caller wants the outcome.
import type { Notifier } from '../../ports/store';
import type { TargetKind } from './check-targets';

export const CHECK_CHANNELS = {
  requested: 'check_requested',
  finished: 'check_finished',
  /** A checker took the request (payload: the request's JSON). */
  accepted: 'check_accepted',
} as const;

/** How long a caller waits for some checker to take a request before saying nobody did. */
export const ACCEPT_WAIT_MS = 10_000;

export interface CheckRequestMessage {
  kind: TargetKind;
  id: number;
  from?: Record<string, string>;
  /** A job whose manual build waits for this check: asked to schedule once it ends. */
  scheduleJob?: number;
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
    if (m.scheduleJob !== undefined && !Number.isInteger(m.scheduleJob)) return null;
    return m;
  } catch {
    return null;
  }
}

/**
 * Asks for a check and, with `waitMs`, waits for its end. Resolves with the finished message,
 * or null when nobody answered in time (no checker running, or still checking).
 */
export async function requestCheck(notifier: Notifier, msg: CheckRequestMessage, waitMs = 0): Promise<CheckFinishedMessage | 'unanswered' | null> {
  if (waitMs <= 0) {
    await notifier.notify(CHECK_CHANNELS.requested, JSON.stringify(msg));
    return null;
  }
  const ours = (payload: string): CheckFinishedMessage | null => {
    try {
      const m = JSON.parse(payload) as CheckFinishedMessage;
      return m.kind === msg.kind && m.id === msg.id ? m : null;
    } catch {
      return null;
    }
  };
  let done!: (m: CheckFinishedMessage | 'unanswered' | null) => void;
  const finished = new Promise<CheckFinishedMessage | 'unanswered' | null>((resolve) => (done = resolve));
  let accepted = false;
  const stops = [
    await notifier.listen(CHECK_CHANNELS.finished, (p) => {
      const m = ours(p);
      if (m?.ran) done(m);
    }),
    await notifier.listen(CHECK_CHANNELS.accepted, (p) => void (accepted ||= ours(p) !== null)),
  ];
  const timer = setTimeout(() => done(null), waitMs);
  const nobody = setTimeout(() => accepted || done('unanswered'), Math.min(ACCEPT_WAIT_MS, waitMs));
  try {
    await notifier.notify(CHECK_CHANNELS.requested, JSON.stringify(msg));
    return await finished;
  } finally {
    clearTimeout(timer);
    clearTimeout(nobody);
    for (const stop of stops) await stop();
  }
}
