// Follows a build's event stream (Server-Sent Events from GET /api/v1/builds/:id/events)
// and prints its output as fly does: task and resource output as it arrives, errors in
// red, then the final status. Returns fly's exit code (0 succeeded, 1 failed, 2 errored,
// 3 aborted).
import type { Session } from '../client';
import { API_PATHS } from '../../protocol';

interface WireEvent { event: string; data: Record<string, unknown> }

const EXIT: Record<string, number> = { succeeded: 0, failed: 1, errored: 2, aborted: 3 };

function render(e: WireEvent, write: (s: string) => void): string | null {
  if (e.event === 'log' && typeof e.data.payload === 'string') write(e.data.payload);
  else if (e.event === 'error' && typeof e.data.message === 'string') write(`\x1b[31m${e.data.message}\x1b[0m\n`);
  else if (e.event === 'status' && typeof e.data.status === 'string' && e.data.status !== 'started') return e.data.status;
  return null;
}

export async function watchBuild(session: Session, buildId: number, write = (s: string) => void process.stdout.write(s)): Promise<number> {
  const res = await session.client.request('GET', `${API_PATHS.build(buildId)}/events`, { headers: { accept: 'text/event-stream' } });
  let status: string | null = null;
  if (res.body) {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
        if (!data || !/^event: event$/m.test(block)) continue;
        try {
          status = render(JSON.parse(data) as WireEvent, write) ?? status;
        } catch {
          /* a malformed event is skipped */
        }
      }
    }
  }
  const final = status ?? (await session.client.get<{ status: string }>(API_PATHS.build(buildId))).status;
  write(`${final}\n`);
  return EXIT[final] ?? 2;
}
