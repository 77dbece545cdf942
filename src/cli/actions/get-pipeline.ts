// get-pipeline: the running config, YAML by default, JSON with --json.
import { stringify } from 'yaml';
import type { ConfigResponse } from '../../protocol';
import { CliError } from '../errors';
import { action, flag, output } from '../io';
import { pipelineTarget, pipelineUrl } from './pipeline-target';

export const run = action(async (input) => {
  const out = output();
  const { session, ref } = await pipelineTarget(input);
  const body = await session.client.getOptional<ConfigResponse>(pipelineUrl(session, ref, '/config'));
  if (!body) throw new CliError('pipeline not found');
  if (flag(input, 'json')) return out.json(body.config);
  out.print(stringify(body.config, { lineWidth: 0 }));
});
