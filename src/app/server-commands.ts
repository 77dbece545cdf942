// Commands that start Gantry's processes. Each loads its composition root lazily.
import type { CommandSpec } from '../cli/command-spec';

export const serverCommands: CommandSpec[] = [];
