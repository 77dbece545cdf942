// archive-pipeline: asks first (unless -n); keeps the build history.
import { formatPipelineRef, openSession, type PipelineRef } from '../client';
import { CliError } from '../errors';
import { action, confirm, flag, output, str } from '../io';
import { listPipelines, pipelineRef, pipelineUrl, refOf } from './pipeline-target';

export const run = action(async (input) => {
  const out = output();
  const all = flag(input, 'all');
  const ref = pipelineRef(input, false);
  if (!ref && !all) throw new CliError("one of the flags '-p, --pipeline' or '-a, --all' is required");
  if (ref && all) throw new CliError("only one of the flags '-p, --pipeline' or '-a, --all' is allowed");
  const session = await openSession(input.target, str(input, 'team'));
  const refs: PipelineRef[] = ref ? [ref] : (await listPipelines(session)).filter((p) => !p.archived).map(refOf);
  if (refs.length === 0) {
    out.line('there are no unarchived pipelines');
    out.line('bailing out');
    return;
  }
  if (!flag(input, 'nonInteractive')) {
    if (refs.length > 1) out.table(['pipelines'], refs.map((r) => [formatPipelineRef(r)]));
    out.line('!!! archiving the pipeline will remove its configuration. Build history will be retained.');
    out.line();
    const prompt = refs.length === 1 ? `archive pipeline '${formatPipelineRef(refs[0]!)}'?` : `archive ${refs.length} pipelines?`;
    if (!(await confirm(prompt))) {
      out.line('bailing out');
      return;
    }
  }
  for (const r of refs) {
    const res = await session.client.request('PUT', pipelineUrl(session, r, '/archive'), { accept: [404] });
    await res.body?.cancel();
    if (res.status === 404) throw new CliError(`pipeline '${formatPipelineRef(r)}' not found`);
    out.line(`archived '${formatPipelineRef(r)}'`);
  }
});
