// trigger-job, rerun-build, pause-job and unpause-job: fly's flags and messages. With -w the
// build's output is followed and the exit code is the build's (0/1/2/3).
import type { Build } from '../../protocol';
import type { CommandAction } from '../command-spec';
import { CliError } from '../errors';
import { action, flag, output, required } from '../io';
import { itemUrl, namedTarget } from './refs';
import { watchBuild } from '../builds';

const JOB_FLAGS = '-j, --job';

export const triggerJob: CommandAction = action(async (input) => {
  const out = output();
  const t = await namedTarget(input, 'job', JOB_FLAGS, 'job');
  const res = await t.session.client.request('POST', itemUrl(t, 'jobs', '/builds'), { accept: [404] });
  if (res.status === 404) throw new CliError(`job '${t.label}' not found`);
  const build = (await res.json()) as Build;
  out.line(`started ${t.label} #${build.name}`);
  if (!flag(input, 'watch')) return 0;
  out.line('');
  return watchBuild(t.session.client, build.id);
});

export const rerunBuild: CommandAction = action(async (input) => {
  const out = output();
  const t = await namedTarget(input, 'job', JOB_FLAGS, 'job');
  const name = required(input, 'build', '-b, --build');
  const res = await t.session.client.request('POST', itemUrl(t, 'jobs', `/builds/${encodeURIComponent(name)}`), { accept: [404] });
  if (res.status === 404) throw new CliError(`build '${name}' of job '${t.label}' not found`);
  const build = (await res.json()) as Build;
  out.line(`started ${t.label} #${build.name}`);
  if (!flag(input, 'watch')) return 0;
  out.line('');
  return watchBuild(t.session.client, build.id);
});

function toggle(verb: 'pause' | 'unpause'): CommandAction {
  return action(async (input) => {
    const t = await namedTarget(input, 'job', JOB_FLAGS, 'job');
    const res = await t.session.client.request('PUT', itemUrl(t, 'jobs', `/${verb}`), { accept: [404] });
    await res.body?.cancel();
    if (res.status === 404) throw new CliError(`${t.label} not found`);
    output().line(`${verb}d '${t.name}'`);
  });
}

export const pauseJob = toggle('pause');
export const unpauseJob = toggle('unpause');
