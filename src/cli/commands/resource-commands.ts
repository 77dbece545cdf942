// Making pipelines move by hand: trigger and rerun jobs, pause jobs, check resources and
// resource types, list versions, pin, unpin, enable and disable versions (fly's names,
// short flags and aliases).
import type { CommandSpec, OptionSpec } from '../command-spec';

const team: OptionSpec = { flags: '--team <name>', description: "the pipeline's team, if not the target's" };
const job: OptionSpec = { flags: '-j, --job <pipeline/job>', description: 'the job (PIPELINE/JOB)' };
const resource: OptionSpec = { flags: '-r, --resource <pipeline/resource>', description: 'the resource (PIPELINE/RESOURCE)' };
const watch: OptionSpec = { flags: '-w, --watch', description: "follow the build's output; exit with its status" };
const version = (what: string): OptionSpec => ({
  flags: '-v, --version <key:value>',
  description: `version to ${what}: the newest version with every given key:value`,
  repeatable: true,
});
const jobs = () => import('../resources/job-actions');
const checks = () => import('../resources/check-actions');
const versions = () => import('../resources/version-actions');

export const resourceCommands: CommandSpec[] = [
  { name: 'trigger-job', aliases: ['tj'], description: 'Start a job in a pipeline', options: [job, watch, team], load: () => jobs().then((m) => ({ run: m.triggerJob })) },
  {
    name: 'rerun-build', aliases: ['rb'], description: 'Rerun a build of a job with the same inputs',
    options: [job, { flags: '-b, --build <name>', description: 'the build to rerun' }, watch, team],
    load: () => jobs().then((m) => ({ run: m.rerunBuild })),
  },
  { name: 'pause-job', aliases: ['pj'], description: 'Pause a job', options: [job, team], load: () => jobs().then((m) => ({ run: m.pauseJob })) },
  { name: 'unpause-job', aliases: ['uj'], description: 'Unpause a job', options: [job, team], load: () => jobs().then((m) => ({ run: m.unpauseJob })) },
  {
    name: 'check-resource', aliases: ['cr'], description: 'Check a resource for new versions now',
    options: [
      resource,
      { flags: '-f, --from <key:value>', description: 'check from this version, e.g. ref:abcd', repeatable: true },
      { flags: '-a, --async', description: 'return without waiting for the result' },
      { flags: '--shallow', description: 'check the resource itself only (the only mode Gantry has)' },
      team,
    ],
    load: () => checks().then((m) => ({ run: m.checkResource })),
  },
  {
    name: 'check-resource-type', aliases: ['crt'], description: 'Check a resource type for new versions now',
    options: [
      { flags: '-r, --resource-type <pipeline/type>', description: 'the resource type (PIPELINE/TYPE)' },
      { flags: '-f, --from <key:value>', description: 'check from this version', repeatable: true },
      { flags: '-a, --async', description: 'return without waiting for the result' },
      { flags: '--shallow', description: 'check the type itself only (the only mode Gantry has)' },
      team,
    ],
    load: () => checks().then((m) => ({ run: m.checkResourceType })),
  },
  {
    name: 'resource-versions', aliases: ['rvs'], description: 'List the versions of a resource, newest first',
    options: [
      resource,
      { flags: '-c, --count <n>', description: 'how many versions to show (default 50)' },
      { flags: '--json', description: 'print command result as JSON' },
      { flags: '--print-table-headers', description: 'print table headers even for redirected output' },
      team,
    ],
    load: () => versions().then((m) => ({ run: m.resourceVersions })),
  },
  {
    name: 'pin-resource', aliases: ['pr'], description: 'Pin a version of a resource',
    options: [resource, version('pin'), { flags: '-c, --comment <text>', description: 'why it is pinned' }, team],
    load: () => versions().then((m) => ({ run: m.pinResource })),
  },
  { name: 'unpin-resource', aliases: ['ur'], description: 'Unpin a resource', options: [resource, team], load: () => versions().then((m) => ({ run: m.unpinResource })) },
  {
    name: 'enable-resource-version', aliases: ['erv'], description: 'Enable a version of a resource',
    options: [resource, version('enable'), team], load: () => versions().then((m) => ({ run: m.enableResourceVersion })),
  },
  {
    name: 'disable-resource-version', aliases: ['drv'], description: 'Disable a version of a resource',
    options: [resource, version('disable'), team], load: () => versions().then((m) => ({ run: m.disableResourceVersion })),
  },
];
