// Process entry of the bundled `gantry` binary. The CLI commands come from
// src/cli; the commands that start server processes (web, worker, quickstart)
// are composition roots and live here in app/, which nothing else may import.
// No top-level await: the same file is also bundled as one CommonJS script
// (dist/gantry-cli.cjs, see scripts/build.mjs), and a rejection still ends the
// process with the error printed and exit code 1.
import { runCli } from '../cli/main';
import { serverCommands } from './server-commands';

void runCli(process.argv, serverCommands);
