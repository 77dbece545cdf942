// Server-Sent Events over fetch, so the bearer token travels in a header
// (EventSource cannot send one). The parser is pure and incremental: feed it
// text as it arrives, it returns the complete messages.

export interface SseMessage {
  readonly event: string;
  readonly data: string;
  readonly id?: string;
}

export class SseParser {
  private buffer = '';

  feed(text: string): SseMessage[] {
    this.buffer += text;
    const out: SseMessage[] = [];
    let at: number;
    while ((at = this.boundary()) >= 0) {
      const block = this.buffer.slice(0, at);
      this.buffer = this.buffer.slice(at).replace(/^(\r?\n){2}/, '');
      const msg = parseBlock(block);
      if (msg) out.push(msg);
    }
    return out;
  }

  private boundary(): number {
    const a = this.buffer.indexOf('\n\n');
    const b = this.buffer.indexOf('\r\n\r\n');
    if (a < 0) return b;
    return b < 0 ? a : Math.min(a, b);
  }
}

function parseBlock(block: string): SseMessage | undefined {
  let event = 'message';
  const data: string[] = [];
  let id: string | undefined;
  for (const raw of block.split(/\r?\n/)) {
    if (raw === '' || raw.startsWith(':')) continue;
    const colon = raw.indexOf(':');
    const field = colon < 0 ? raw : raw.slice(0, colon);
    const value = colon < 0 ? '' : raw.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
  if (data.length === 0 && event === 'message') return undefined;
  return id === undefined ? { event, data: data.join('\n') } : { event, data: data.join('\n'), id };
}

/** Reads an SSE response body to its end (or until aborted), calling onMessages per chunk. */
export async function readSse(body: ReadableStream<Uint8Array>, onMessages: (m: SseMessage[]) => void): Promise<void> {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const msgs = parser.feed(decoder.decode(value, { stream: true }));
    if (msgs.length > 0) onMessages(msgs);
  }
}
