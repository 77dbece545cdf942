// Offline config commands: `gantry validate-pipeline` (fly's vp) and
// `gantry schema`. Actions load lazily from src/cli/config/.
import type { CommandSpec } from '../command-spec';

export const configCommands: CommandSpec[] = [
  {
    name: 'validate-pipeline',
    aliases: ['vp'],
    description: 'Validate a pipeline config, printing errors as file:line:col',
    options: [
      { flags: '-c, --config <file>', description: 'pipeline configuration file' },
      { flags: '-v, --var <name=string>', description: 'a string value for a ((var))', repeatable: true },
      { flags: '-y, --yaml-var <name=yaml>', description: 'a YAML value for a ((var))', repeatable: true },
      { flags: '-l, --load-vars-from <file>', description: 'a YAML file of var values', repeatable: true },
      { flags: '-s, --strict', description: 'fail on warnings too' },
      { flags: '-o, --output', description: 'print the config with vars filled in' },
    ],
    load: () => import('../config/validate-pipeline'),
  },
  {
    name: 'schema',
    description: 'Print the JSON Schema of pipeline files (or task files) for editors',
    options: [{ flags: '--task', description: 'the schema of task config files instead' }],
    load: () => import('../config/schema-command'),
  },
];
