// pause-, unpause-, expose- and hide-pipeline: one PUT each, fly's messages.
import { openSession, formatPipelineRef, type PipelineRef } from '../client';
import type { CommandAction, CommandInput } from '../command-spec';
import { CliError } from '../errors';
import { action, flag, output, str } from '../io';
import { listPipelines, pipelineRef, pipelineUrl, refOf } from './pipeline-target';

const PAST = { pause: 'paused', unpause: 'unpaused', expose: 'exposed', hide: 'hid' } as const;
type Verb = keyof typeof PAST;

async function refs(input: CommandInput, verb: Verb, session: Awaited<ReturnType<typeof openSession>>): Promise<PipelineRef[]> {
  const withAll = verb === 'pause' || verb === 'unpause';
  const all = withAll && flag(input, 'all');
  const ref = pipelineRef(input, !withAll);
  if (withAll && !ref && !all) throw new CliError("one of the flags '-p, --pipeline' or '-a, --all' is required");
  if (ref && all) throw new CliError("only one of the flags '-p, --pipeline' or '-a, --all' is allowed");
  if (ref) return [ref];
  return (await listPipelines(session)).map(refOf);
}

function make(verb: Verb): CommandAction {
  return action(async (input) => {
    const out = output();
    const session = await openSession(input.target, str(input, 'team'));
    for (const ref of await refs(input, verb, session)) {
      const res = await session.client.request('PUT', pipelineUrl(session, ref, `/${verb}`), { accept: [404] });
      await res.body?.cancel();
      if (res.status === 404) throw new CliError(`pipeline '${formatPipelineRef(ref)}' not found`);
      out.line(`${PAST[verb]} '${formatPipelineRef(ref)}'`);
    }
  });
}

export const toggles: Record<Verb, CommandAction> = {
  pause: make('pause'),
  unpause: make('unpause'),
  expose: make('expose'),
  hide: make('hide'),
};
