// destroy-pipeline: asks "are you sure?" unless -n; a missing pipeline is not an error (fly).
import type { Pipeline } from '../../protocol';
import { action, confirm, flag, output } from '../io';
import { pipelineTarget, pipelineUrl } from './pipeline-target';

export const run = action(async (input) => {
  const out = output();
  const { session, ref, label } = await pipelineTarget(input);
  const found = await session.client.getOptional<Pipeline>(pipelineUrl(session, ref));
  if (!found) {
    out.line(`\`${label}\` does not exist`);
    return;
  }
  out.line(`!!! this will remove all data for pipeline \`${label}\``);
  out.line();
  if (!flag(input, 'nonInteractive') && !(await confirm('are you sure?'))) {
    out.line('bailing out');
    return;
  }
  const res = await session.client.request('DELETE', pipelineUrl(session, ref));
  await res.body?.cancel();
  out.line(`\`${label}\` deleted`);
});
