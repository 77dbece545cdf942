// Process entry of the bundled `gantry` binary. The CLI commands come from
// src/cli; the commands that start server processes (web, worker, quickstart)
// are composition roots and live here in app/, which nothing else may import.
import { runCli } from '../cli/main';
import { serverCommands } from './server-commands';

await runCli(process.argv, serverCommands);
