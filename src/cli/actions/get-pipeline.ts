// get-pipeline: the running config, YAML by default, JSON with --json.
import type { ConfigResponse } from '../../protocol';
import { CliError } from '../errors';
import { action, flag, output } from '../io';
import { orderedConfig, orderedConfigYaml } from './config-order';
import { pipelineTarget, pipelineUrl } from './pipeline-target';

export const run = action(async (input) => {
  const out = output();
  const { session, ref } = await pipelineTarget(input);
  const body = await session.client.getOptional<ConfigResponse>(pipelineUrl(session, ref, '/config'));
  if (!body) throw new CliError('pipeline not found');
  if (flag(input, 'json')) return out.json(orderedConfig(body.config));
  out.print(orderedConfigYaml(body.config));
});
