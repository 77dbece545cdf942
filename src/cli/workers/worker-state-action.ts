// land-worker -w NAME and prune-worker -w NAME... | --all-stalled: ask the web node to
// drain a worker, or forget stalled ones.
import { openSession } from '../client';
import { CliError } from '../errors';
import { action, flag, list, output, required } from '../io';
import type { WorkerJson } from './workers-table';

async function put(session: Awaited<ReturnType<typeof openSession>>, name: string, what: 'land' | 'prune'): Promise<void> {
  const res = await session.client.request('PUT', `/api/v1/workers/${encodeURIComponent(name)}/${what}`, { accept: [400, 404] });
  const text = await res.text();
  if (res.status === 404) throw new CliError(`worker '${name}' not found`);
  if (res.status === 400) {
    let stderr = text;
    try {
      stderr = (JSON.parse(text) as { stderr?: string }).stderr ?? text;
    } catch { /* plain text */ }
    throw new CliError(stderr);
  }
}

export const land = action(async (input) => {
  const name = required(input, 'worker', '-w, --worker');
  const session = await openSession(input.target);
  await put(session, name, 'land');
  output().line(`landing '${name}'`);
});

export const prune = action(async (input) => {
  const out = output();
  const session = await openSession(input.target);
  let names = list(input, 'worker');
  if (flag(input, 'allStalled')) {
    const workers = await session.client.get<WorkerJson[]>('/api/v1/workers');
    names = [...names, ...workers.filter((w) => w.state === 'stalled').map((w) => w.name)];
    if (names.length === 0) {
      out.line('no stalled worker found');
      return;
    }
  }
  if (names.length === 0) throw new CliError('give -w, --worker NAME or --all-stalled');
  for (const name of names) {
    await put(session, name, 'prune');
    out.line(`pruned '${name}'`);
  }
});
