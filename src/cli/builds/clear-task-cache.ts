// gantry clear-task-cache -j P/J -s STEP [-c CACHE_PATH]: asks first (unless -n), then
// prints how many caches were removed, as fly does.
import { parseJobFlag, refQuery } from '../client';
import { API_PATHS } from '../../protocol';
import { openSession } from '../client';
import { CliError } from '../errors';
import { action, flag, str } from '../io';
import { confirm } from '../io';

export const run = action(async (input) => {
  const job = str(input, 'job');
  const step = str(input, 'step');
  if (!job) throw new CliError("the required flag `-j, --job' was not specified");
  if (!step) throw new CliError("the required flag `-s, --step' was not specified");
  const cachePath = str(input, 'cachePath');
  const { pipeline, job: name } = parseJobFlag(job);
  const what = cachePath ? `${cachePath} cache` : 'all caches';
  if (!flag(input, 'nonInteractive') && !(await confirm(`${what} of step ${step} in ${job} will be removed. are you sure?`))) {
    process.stdout.write('bailing out\n');
    return 0;
  }
  const session = await openSession(input.target, str(input, 'team'));
  const q = new URLSearchParams(refQuery(pipeline).replace(/^\?/, ''));
  if (cachePath) q.set('cache_path', cachePath);
  const query = q.toString() ? `?${q}` : '';
  const path = `${API_PATHS.pipeline(session.team, pipeline.name)}/jobs/${encodeURIComponent(name)}/tasks/${encodeURIComponent(step)}/cache${query}`;
  const res = await session.client.json<{ caches_removed: number }>('DELETE', path);
  process.stdout.write(`${res.caches_removed} caches removed\n`);
});
