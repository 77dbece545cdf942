// The command table: every gantry command, its flags and where its code lives.
// Names and flags follow fly's so that muscle memory and scripts carry over.
// Each concern lists its commands in its own `*-commands.ts` file; add the
// group here. Keep those files free of heavy imports: actions load lazily.
import type { CommandSpec } from '../command-spec';
import { buildCommands } from './build-commands';
import { formatCommands } from './format-commands';
import { authCommands } from './auth-commands';
import { pipelineCommands } from './pipeline-commands';
import { teamCommands } from './team-commands';
import { configCommands } from './config-commands';
import { resourceCommands } from './resource-commands';
import { workerCommands } from './worker-commands';

export const commands: CommandSpec[] = [...buildCommands, ...formatCommands, ...authCommands, ...pipelineCommands, ...teamCommands, ...configCommands, ...resourceCommands, ...workerCommands];
