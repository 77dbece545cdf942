// Teams: list, create or update with roles, destroy (fly's teams, set-team, destroy-team).
import type { CommandSpec } from '../command-spec';

export const teamCommands: CommandSpec[] = [
  {
    name: 'teams',
    aliases: ['t'],
    description: 'List the configured teams',
    options: [
      { flags: '-d, --details', description: 'print authentication configuration' },
      { flags: '--json', description: 'print command result as JSON' },
      { flags: '--print-table-headers', description: 'print table headers even for redirected output' },
    ],
    load: () => import('../actions/teams'),
  },
  {
    name: 'get-team',
    aliases: ['gt'],
    description: 'Show team configuration',
    options: [
      { flags: '-n, --team <name>', description: 'the team to show (default: the target\'s team)' },
      { flags: '--json', description: 'print command result as JSON' },
      { flags: '--print-table-headers', description: 'print table headers even for redirected output' },
    ],
    load: () => import('../actions/get-team'),
  },
  {
    name: 'set-team',
    aliases: ['st'],
    description: 'Create or modify a team to have the given credentials',
    options: [
      { flags: '-n, --team-name <name>', description: 'the team to create or modify' },
      { flags: '-c, --config <file>', description: "team roles file (Concourse's `roles:` format)" },
      { flags: '--local-user <name>', description: 'a local user to make owner (repeatable)', repeatable: true },
      { flags: '--non-interactive', description: 'force apply configuration' },
    ],
    load: () => import('../actions/set-team'),
  },
  {
    name: 'destroy-team',
    aliases: ['dt'],
    description: 'Destroy a team and delete all of its data',
    options: [
      { flags: '-n, --team-name <name>', description: 'the team to delete' },
      { flags: '--non-interactive', description: 'force apply configuration' },
    ],
    load: () => import('../actions/destroy-team'),
  },
];
