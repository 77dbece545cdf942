// Reads a build's Server-Sent Events (GET /api/v1/builds/:id/events) as fly does:
// each `event: event` carries {event, version, data}; `event: end` closes the stream.
// A dropped connection is resumed with Last-Event-ID, so no event is shown twice.
import type { ApiClient } from '../client';
import type { BuildEvent } from '../../protocol/build-events';

const RETRIES = 5;

async function* sseMessages(body: AsyncIterable<Uint8Array>): AsyncGenerator<{ id?: string; event: string; data: string }> {
  const decoder = new TextDecoder();
  let buffer = '';
  let message: { id?: string; event: string; data: string[] } = { event: 'message', data: [] };
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line === '') {
        if (message.data.length > 0 || message.event !== 'message') yield { id: message.id, event: message.event, data: message.data.join('\n') };
        message = { event: 'message', data: [] };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') message.id = value;
      else if (field === 'event') message.event = value;
      else if (field === 'data') message.data.push(value);
    }
  }
}

/** The build's events from the first (or after `afterId`), ending when the build has ended. */
export async function* buildEvents(client: ApiClient, buildId: number | string): AsyncGenerator<BuildEvent> {
  let lastId: string | undefined;
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (lastId !== undefined) headers['Last-Event-ID'] = lastId;
    const res = await client.request('GET', `/api/v1/builds/${buildId}/events`, { headers, stream: true });
    try {
      for await (const msg of sseMessages(res.body!)) {
        if (msg.event === 'end') return;
        if (msg.event !== 'event') continue;
        if (msg.id !== undefined) lastId = msg.id;
        yield JSON.parse(msg.data) as BuildEvent;
      }
    } catch (err) {
      if (attempt >= RETRIES) throw err;
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
      continue;
    }
    if (attempt >= RETRIES) throw new Error('the event stream ended before the build did');
  }
}
