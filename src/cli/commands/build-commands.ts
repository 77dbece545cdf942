// Builds that run: execute, watch, abort-build, intercept, containers, volumes,
// clear-task-cache (fly's names, short flags and aliases). Actions in ../builds/.
import type { CommandSpec, OptionSpec } from '../command-spec';

const json: OptionSpec = { flags: '--json', description: 'print command result as JSON' };
const headers: OptionSpec = { flags: '--print-table-headers', description: 'print table headers even for redirected output' };
const team: OptionSpec = { flags: '--team <name>', description: 'the team, if not the target\'s' };
const job: OptionSpec = { flags: '-j, --job <pipeline/job>', description: 'the job (PIPELINE/JOB)' };

export const buildCommands: CommandSpec[] = [
  {
    name: 'execute',
    aliases: ['e'],
    description: 'Execute a one-off build using local bits',
    options: [
      { flags: '-c, --config <file>', description: 'the task configuration file' },
      { flags: '-i, --input <name=path>', description: 'an input to provide to the task (repeatable)', repeatable: true },
      { flags: '-o, --output <name=path>', description: 'an output to fetch from the task (repeatable)', repeatable: true },
      { flags: '-m, --input-mapping <name=input>', description: 'map a task input to a job input (with --inputs-from)', repeatable: true },
      { flags: '-j, --inputs-from <pipeline/job>', description: 'a job to base the inputs on' },
      { flags: '--image <resource>', description: 'image resource for the one-off build (with --inputs-from)' },
      { flags: '-p, --privileged', description: 'run the task with full privileges' },
      { flags: '--tag <tag>', description: 'a tag for a specific environment (repeatable)', repeatable: true },
      { flags: '-v, --var <name=string>', description: 'a string value for a ((var)) in the task config', repeatable: true },
      { flags: '-y, --yaml-var <name=yaml>', description: 'a YAML value for a ((var)) in the task config', repeatable: true },
      { flags: '-l, --load-vars-from <file>', description: 'a YAML file of values for ((vars))', repeatable: true },
      { flags: '--include-ignored', description: 'include files ignored by .gitignore in the inputs' },
      team,
    ],
    load: () => import('../builds/execute'),
  },
  {
    name: 'watch',
    aliases: ['w'],
    description: "Stream a build's output",
    options: [
      job,
      { flags: '-b, --build <build>', description: 'the build name (with -j) or id' },
      { flags: '--timestamps', description: 'print with local timestamps' },
      team,
    ],
    load: () => import('../builds/watch'),
  },
  {
    name: 'abort-build',
    aliases: ['ab'],
    description: 'Abort a build',
    options: [job, { flags: '-b, --build <build>', description: 'the build name (with -j) or id' }, team],
    load: () => import('../builds/abort-build'),
  },
  {
    name: 'intercept',
    aliases: ['i', 'hijack'],
    description: 'Execute a command in a container',
    args: '[command...]',
    options: [
      job,
      { flags: '-b, --build <build>', description: 'the build name (with -j) or id' },
      { flags: '-s, --step <name>', description: 'the step name' },
      { flags: '-c, --check <pipeline/resource>', description: 'a resource\'s check container' },
      { flags: '--handle <handle>', description: 'the container handle' },
      { flags: '-a, --attempt <n,n>', description: 'the attempt of the step (e.g. 1 or 1,2)' },
      team,
    ],
    load: () => import('../builds/intercept'),
  },
  {
    name: 'containers',
    aliases: ['cs'],
    description: 'Print the active containers',
    options: [json, headers, team],
    load: () => import('../builds/containers'),
  },
  {
    name: 'volumes',
    aliases: ['vs'],
    description: 'List the active volumes',
    options: [json, headers, { flags: '-d, --details', description: 'show the details' }, team],
    load: () => import('../builds/volumes'),
  },
  {
    name: 'clear-task-cache',
    aliases: ['ctc'],
    description: 'Clears the task caches of a job step',
    options: [
      job,
      { flags: '-s, --step <name>', description: 'the step name' },
      { flags: '-c, --cache-path <path>', description: 'the cache directory to clear (default: all)' },
      { flags: '-n, --non-interactive', description: 'do not ask for confirmation' },
      team,
    ],
    load: () => import('../builds/clear-task-cache'),
  },
];
