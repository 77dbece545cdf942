// `gantry quickstart`: a web node on embedded PGlite with one admin user, kept
// under a data directory ($GANTRY_DATA_DIR or ~/.gantry by default, so a
// restart from any directory finds the same state). Later releases add the
// in-process worker and the example pipelines (skipped with --no-example).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { CommandInput } from '../cli/command-spec';
import { startWebNode } from './web';
import { startQuickstartExample } from './example-setup';
import { stopOnSignals } from './process-signals';
import { parsePort, parseUserPass } from './web-command';

const log = (m: string): void => void process.stderr.write(`${m}\n`);

export function defaultDataDir(): string {
  return process.env.GANTRY_DATA_DIR || join(homedir(), '.gantry');
}

export async function run(input: CommandInput): Promise<number> {
  const o = input.options;
  const dataDir = resolve(typeof o.dataDir === 'string' && o.dataDir ? o.dataDir : defaultDataDir());
  mkdirSync(dataDir, { recursive: true });
  const user = parseUserPass(typeof o.user === 'string' ? o.user : 'admin:admin', '--user');
  const node = await startWebNode({
    port: parsePort(typeof o.port === 'string' ? o.port : undefined, 8080),
    host: typeof o.bindIp === 'string' ? o.bindIp : '127.0.0.1',
    dataDir: join(dataDir, 'db'),
    workerDir: join(dataDir, 'worker'),
    localUsers: [user],
    mainTeamUsers: [user.username],
    log,
  });
  const ready = await fetch(`${node.url}/api/v1/info`).then((r) => r.ok, () => false);
  if (!ready) {
    await node.stop();
    log('quickstart: the web node did not answer /api/v1/info');
    return 1;
  }
  process.stdout.write(
    `gantry quickstart is ready at ${node.url} (user ${user.username}, password ${user.password}, data in ${dataDir})\n` +
      `  log in: gantry -t local login -c ${node.url} -u ${user.username} -p ${user.password}\n`,
  );
  const example = o.example === false ? undefined : await startQuickstartExample({ dataDir, url: node.url, username: user.username, password: user.password, log });
  return stopOnSignals(async () => { await example?.close(); await node.stop(); }, log);
}
