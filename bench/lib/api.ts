// API calls from a benchmark to its node, each on a fresh connection (agent: false). A pooled
// keep-alive socket that the server closed while idle (its 5 s timeout, e.g. while buildbot's
// round ran) fails the next request with EPIPE or "other side closed", and a POST that
// triggers a build cannot be repeated blindly. A loopback connect costs ~1 ms.
import { request } from 'node:http';
import type { BenchNode } from './quickstart-node';

export async function api(node: BenchNode, method: string, path: string): Promise<unknown> {
  const once = (): Promise<{ status: number; text: string }> => new Promise((resolve, reject) => {
    const req = request(node.url + path, { method, agent: false, headers: { Authorization: `Bearer ${node.token}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  const { status, text } = await once().catch((e: unknown) => { if (method !== 'POST') return once(); throw e; });
  if (status < 200 || status >= 300) throw new Error(`${method} ${path}: ${status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}
