// Pipelines and what is in them: set/get/list/pause/expose/archive/rename/
// destroy/order pipelines, and list jobs, resources and builds (fly's names).
import type { CommandSpec, OptionSpec } from '../command-spec';

const json: OptionSpec = { flags: '--json', description: 'print command result as JSON' };
const headers: OptionSpec = { flags: '--print-table-headers', description: 'print table headers even for redirected output' };
const team: OptionSpec = { flags: '--team <name>', description: "the pipeline's team, if not the target's" };
const pipeline = (what: string): OptionSpec => ({
  flags: '-p, --pipeline <name>',
  description: `${what} (NAME or NAME/KEY:VALUE,... for an instanced pipeline)`,
});
const all = (what: string): OptionSpec => ({ flags: '-a, --all', description: what });

type Toggle = 'pause' | 'unpause' | 'expose' | 'hide';

function toggle(name: string, alias: string, description: string, verb: Toggle, withAll: boolean): CommandSpec {
  return {
    name,
    aliases: [alias],
    description,
    options: [pipeline(`pipeline to ${verb}`), ...(withAll ? [all(`${verb} all pipelines`)] : []), team],
    load: () => import('../actions/pipeline-toggle').then((m) => ({ run: m.toggles[verb] })),
  };
}

export const pipelineCommands: CommandSpec[] = [
  {
    name: 'set-pipeline',
    aliases: ['sp'],
    description: "Create or update a pipeline's configuration",
    options: [
      pipeline('pipeline to configure'),
      { flags: '-c, --config <file>', description: 'pipeline configuration file, "-" stands for stdin' },
      { flags: '-v, --var <name=string>', description: 'a string value for a ((var)) in the pipeline', repeatable: true },
      { flags: '-y, --yaml-var <name=yaml>', description: 'a YAML value for a ((var)) in the pipeline', repeatable: true },
      { flags: '-l, --load-vars-from <file>', description: 'a YAML file of values for ((vars))', repeatable: true },
      { flags: '-i, --instance-var <name=yaml>', description: 'an instance var (makes an instanced pipeline)', repeatable: true },
      { flags: '-n, --non-interactive', description: 'apply without asking' },
      { flags: '--check-creds', description: 'make the server check that every ((var)) can be resolved' },
      { flags: '--no-color', description: 'disable colour output' },
      { flags: '-d, --dry-run', description: 'show the diff, apply nothing' },
      team,
    ],
    load: () => import('../actions/set-pipeline'),
  },
  {
    name: 'get-pipeline',
    aliases: ['gp'],
    description: "Get a pipeline's current configuration",
    options: [pipeline('get configuration of this pipeline'), { flags: '-j, --json', description: 'print config as JSON instead of YAML' }, team],
    load: () => import('../actions/get-pipeline'),
  },
  {
    name: 'pipelines',
    aliases: ['ps'],
    description: 'List the configured pipelines',
    options: [all('show pipelines across all teams'), { flags: '--include-archived', description: 'show archived pipelines' }, json, headers, team],
    load: () => import('../actions/pipelines'),
  },
  toggle('pause-pipeline', 'pp', 'Pause a pipeline', 'pause', true),
  toggle('unpause-pipeline', 'up', 'Un-pause a pipeline', 'unpause', true),
  toggle('expose-pipeline', 'ep', 'Make a pipeline publicly viewable', 'expose', false),
  toggle('hide-pipeline', 'hp', 'Hide a pipeline from the public', 'hide', false),
  {
    name: 'archive-pipeline',
    aliases: ['ap'],
    description: 'Archive a pipeline',
    options: [pipeline('pipeline to archive'), all('archive all pipelines'), { flags: '-n, --non-interactive', description: 'archive without asking' }, team],
    load: () => import('../actions/archive-pipeline'),
  },
  {
    name: 'rename-pipeline',
    aliases: ['rp'],
    description: 'Rename a pipeline',
    options: [
      { flags: '-o, --old-name <name>', description: 'existing pipeline to rename' },
      { flags: '-n, --new-name <name>', description: 'new name for the pipeline' },
      team,
    ],
    load: () => import('../actions/rename-pipeline'),
  },
  {
    name: 'destroy-pipeline',
    aliases: ['dp'],
    description: 'Destroy a pipeline',
    options: [pipeline('pipeline to destroy'), { flags: '-n, --non-interactive', description: 'destroy the pipeline without confirmation' }, team],
    load: () => import('../actions/destroy-pipeline'),
  },
  {
    name: 'order-pipelines',
    aliases: ['op'],
    description: 'Orders pipelines',
    options: [
      { flags: '-p, --pipeline <name>', description: 'name of a pipeline (repeat to give the order)', repeatable: true },
      { flags: '-a, --alphabetical', description: 'order all pipelines alphabetically' },
      team,
    ],
    load: () => import('../actions/order-pipelines'),
  },
  {
    name: 'jobs',
    aliases: ['js'],
    description: 'List the jobs in the pipelines',
    options: [pipeline('get jobs in this pipeline'), json, headers, team],
    load: () => import('../actions/jobs'),
  },
  {
    name: 'resources',
    aliases: ['rs'],
    description: 'List the resources in the pipeline',
    options: [pipeline('get resources in this pipeline'), json, headers, team],
    load: () => import('../actions/resources'),
  },
  {
    name: 'builds',
    aliases: ['bs'],
    description: 'List builds data',
    options: [
      { flags: '-j, --job <pipeline/job>', description: 'name of a job to get builds for' },
      pipeline('name of a pipeline to get builds for'),
      { flags: '-c, --count <n>', description: 'number of builds you want to limit the return to', default: '50' },
      { flags: '-a, --all-teams', description: 'show builds for all teams that you have access to' },
      { flags: '-n, --team <name>', description: 'show builds for these teams', repeatable: true },
      { flags: '--current-team', description: 'show builds for the currently targeted team' },
      { flags: '--since <time>', description: "start of the range to filter builds ('yyyy-mm-dd HH:mm:ss')" },
      { flags: '--until <time>', description: "end of the range to filter builds ('yyyy-mm-dd HH:mm:ss')" },
      json,
      headers,
    ],
    load: () => import('../actions/builds'),
  },
];
