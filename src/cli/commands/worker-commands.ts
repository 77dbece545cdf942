// Workers: list them, land one, prune stalled ones (fly's workers, land-worker, prune-worker).
import type { CommandSpec } from '../command-spec';

export const workerCommands: CommandSpec[] = [
  {
    name: 'workers',
    aliases: ['ws'],
    description: 'List the registered workers',
    options: [
      { flags: '-d, --details', description: 'print additional information for each worker' },
      { flags: '--json', description: 'print command result as JSON' },
      { flags: '--print-table-headers', description: 'print table headers even for redirected output' },
    ],
    load: () => import('../workers/workers-action'),
  },
  {
    name: 'land-worker',
    aliases: ['lw'],
    description: 'Land a worker: it takes no new work, finishes what it runs, then stops',
    options: [{ flags: '-w, --worker <name>', description: 'worker to land' }],
    load: async () => ({ run: (await import('../workers/worker-state-action')).land }),
  },
  {
    name: 'prune-worker',
    aliases: ['pw'],
    description: 'Prune a stalled, landing, landed, or retiring worker',
    options: [
      { flags: '-w, --worker <name>', description: 'worker to prune (repeatable)', repeatable: true },
      { flags: '-a, --all-stalled', description: 'prune all stalled workers' },
    ],
    load: async () => ({ run: (await import('../workers/worker-state-action')).prune }),
  },
];
