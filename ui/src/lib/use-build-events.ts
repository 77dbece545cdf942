// Streams a build's events (GET /api/v1/builds/:id/events, SSE; a late client
// gets the whole history first) into a BuildLog, in short slices so the page stays
// responsive while a long history arrives. Renders are batched to one per animation
// frame however fast events arrive.
import { useEffect, useRef, useState } from 'react';
import type { BuildEvent } from '../../../src/protocol/build-events';
import { ApiError, apiGetOptional, apiStream, paths } from './api';
import { BuildLog } from './build-log';
import { readSse, type SseMessage } from './sse';

/** Longest stretch of event folding before the page yields to input and rendering. */
const SLICE_MS = 8;

export interface BuildEventsState {
  log: BuildLog;
  revision: number;
  /** Why events are not shown, if they cannot be. */
  error?: string;
  ended: boolean;
}

export function useBuildEvents(buildId: number | undefined, plan: unknown): BuildEventsState {
  const logRef = useRef(new BuildLog());
  const [state, setState] = useState<{ revision: number; error?: string; ended: boolean }>({ revision: 0, ended: false });
  useEffect(() => {
    if (plan != null) logRef.current.setPlan(plan);
    setState((s) => ({ ...s, revision: logRef.current.revision }));
  }, [plan]);
  useEffect(() => {
    if (buildId === undefined) return;
    const abort = new AbortController();
    let frame = 0;
    const flush = () => {
      frame = 0;
      setState((s) => ({ ...s, revision: logRef.current.revision }));
    };
    // A build that was pending when the page opened had no plan yet: fetch it once steps start.
    let planAsked = plan != null;
    const handle = (m: SseMessage) => {
      if (m.event === 'end' || !m.data) return;
      const e = JSON.parse(m.data) as BuildEvent;
      logRef.current.apply(e);
      if (!planAsked && e.event !== 'status') {
        planAsked = true;
        void apiGetOptional<{ plan: unknown }>(`${paths.build(buildId)}/plan`).then((p) => {
          if (p?.plan == null) return;
          logRef.current.setPlan(p.plan);
          frame ||= requestAnimationFrame(flush);
        });
      }
    };
    // Events are folded in slices of a few milliseconds, yielding in between, so a
    // history of megabytes never blocks a click, a scroll or a keystroke for long.
    const queue: SseMessage[] = [];
    let next = 0;
    let drained: (() => void) | undefined;
    const channel = new MessageChannel();
    let scheduled = false;
    const pump = () => {
      scheduled = false;
      const until = performance.now() + SLICE_MS;
      while (next < queue.length && performance.now() < until) handle(queue[next++]!);
      if (next < queue.length) {
        scheduled = true;
        channel.port2.postMessage(0);
      } else {
        queue.length = 0;
        next = 0;
        drained?.();
      }
      frame ||= requestAnimationFrame(flush);
    };
    channel.port1.onmessage = pump;
    const onMessages = (msgs: SseMessage[]) => {
      for (const m of msgs) queue.push(m);
      if (!scheduled) {
        scheduled = true;
        channel.port2.postMessage(0);
      }
    };
    (async () => {
      const res = await apiStream(`${paths.build(buildId)}/events`, abort.signal);
      if (!res.body) throw new Error('no event stream');
      await readSse(res.body, onMessages);
      if (queue.length > next) await new Promise<void>((r) => (drained = r));
      setState((s) => ({ ...s, ended: true, revision: logRef.current.revision }));
    })().catch((err: Error) => {
      if (abort.signal.aborted) return;
      const message = err instanceof ApiError && err.status === 501 ? `build events are not available yet: ${err.message}` : err.message;
      setState((s) => ({ ...s, error: message }));
    });
    return () => {
      abort.abort();
      channel.port1.close();
      if (frame) cancelAnimationFrame(frame);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [buildId]);
  return { log: logRef.current, ...state };
}
