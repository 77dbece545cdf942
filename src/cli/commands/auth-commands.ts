// Logging in and out, saved targets, and who you are (fly's login, logout,
// targets, status, userinfo, delete-target).
import type { CommandSpec } from '../command-spec';

const json = { flags: '--json', description: 'print command result as JSON' };
const headers = { flags: '--print-table-headers', description: 'print table headers even for redirected output' };

export const authCommands: CommandSpec[] = [
  {
    name: 'login',
    aliases: ['l'],
    description: 'Authenticate with the target',
    options: [
      { flags: '-c, --concourse-url <url>', description: 'URL of the Gantry (or Concourse) server to authenticate with' },
      { flags: '-u, --username <name>', description: 'username for basic auth' },
      { flags: '-p, --password <password>', description: 'password for basic auth' },
      { flags: '-n, --team-name <team>', description: "team to authenticate with (default: 'main' or the target's team)" },
      { flags: '-k, --insecure', description: "skip verification of the endpoint's TLS certificate" },
    ],
    load: () => import('../actions/login'),
  },
  {
    name: 'logout',
    aliases: ['o'],
    description: 'Release authentication with the target',
    options: [{ flags: '-a, --all', description: 'log out of all targets' }],
    load: () => import('../actions/logout'),
  },
  {
    name: 'targets',
    aliases: ['ts'],
    description: 'List saved targets',
    options: [headers],
    load: () => import('../actions/targets'),
  },
  {
    name: 'delete-target',
    aliases: ['dtg'],
    description: 'Delete target',
    options: [{ flags: '-a, --all', description: 'delete all targets' }],
    load: () => import('../actions/delete-target'),
  },
  {
    name: 'status',
    description: 'Login status',
    options: [],
    load: () => import('../actions/status'),
  },
  {
    name: 'userinfo',
    description: 'User information',
    options: [json, headers],
    load: () => import('../actions/userinfo'),
  },
];
