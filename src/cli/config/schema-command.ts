// `gantry schema [--task]`: the JSON Schema of pipeline (or task) files, for
// yaml-language-server and other editors.
import { pipelineJsonSchema, taskJsonSchema } from '../../core/config';
import type { CommandInput } from '../command-spec';

export async function run({ options }: CommandInput): Promise<number> {
  const schema = options.task ? taskJsonSchema() : pipelineJsonSchema();
  process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
  return 0;
}
