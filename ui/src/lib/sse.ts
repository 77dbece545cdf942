// Server-Sent Events over fetch, so the bearer token travels in a header
// (EventSource cannot send one). The parser is pure and incremental: feed it
// text as it arrives, it returns the complete messages.

export interface SseMessage {
  readonly event: string;
  readonly data: string;
  readonly id?: string;
}

export class SseParser {
  /** The incomplete last line of what was fed so far. */
  private pending = '';
  private event = 'message';
  private data: string[] = [];
  private id: string | undefined;

  /**
   * Linear in the text fed: each line is found once with indexOf (a message of a log
   * chunk is one 100 KB data line; searching the whole buffer per message was quadratic).
   */
  feed(text: string): SseMessage[] {
    const out: SseMessage[] = [];
    const buf = this.pending === '' ? text : this.pending + text;
    let pos = 0;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n', pos)) {
      const end = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (end === pos) this.dispatch(out);
      else this.field(buf.slice(pos, end));
      pos = nl + 1;
    }
    this.pending = pos === 0 ? buf : buf.slice(pos);
    return out;
  }

  private field(line: string): void {
    if (line.charCodeAt(0) === 58) return; // ':' starts a comment (keep-alive)
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1);
    if (name === 'event') this.event = value;
    else if (name === 'data') this.data.push(value);
    else if (name === 'id') this.id = value;
  }

  private dispatch(out: SseMessage[]): void {
    const { event, data, id } = this;
    this.event = 'message';
    this.data = [];
    this.id = undefined;
    if (data.length === 0 && event === 'message') return;
    const joined = data.length === 1 ? data[0]! : data.join('\n');
    out.push(id === undefined ? { event, data: joined } : { event, data: joined, id });
  }
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
