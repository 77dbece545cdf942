// `gantry worker`: flags (or GANTRY_* environment variables) → startWorkerProcess. Exits 0
// on SIGINT/SIGTERM, and once the web node says the worker has landed or was retired.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandInput } from '../cli/command-spec';
import { CliError } from '../cli/errors';
import { RefusedError } from '../worker/http';
import { parsePort } from './web-command';
import { startWorkerProcess } from './worker-process';

const log = (m: string): void => void process.stderr.write(`${m}\n`);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String).filter(Boolean) : []);

/** The shared key from --worker-key, --worker-key-file or their environment variables. */
export function workerKeyFrom(o: Record<string, unknown>, env = process.env): string | undefined {
  const file = str(o.workerKeyFile) ?? str(env.GANTRY_WORKER_KEY_FILE);
  if (file) {
    const key = readFileSync(file, 'utf8').trim();
    if (!key) throw new CliError(`the worker key file ${file} is empty`);
    return key;
  }
  return str(o.workerKey) ?? str(env.GANTRY_WORKER_KEY);
}

export async function run(input: CommandInput): Promise<number> {
  const o = input.options;
  const env = process.env;
  const webUrl = str(o.webUrl) ?? str(env.GANTRY_WEB_URL);
  if (!webUrl) throw new CliError('give --web-url (or GANTRY_WEB_URL): the web node to register with');
  const key = workerKeyFrom(o);
  if (!key) throw new CliError('give --worker-key or --worker-key-file (or GANTRY_WORKER_KEY): the key the web node was started with');
  const workDir = str(o.workDir) ?? str(env.GANTRY_WORK_DIR);
  if (!workDir) throw new CliError('give --work-dir (or GANTRY_WORK_DIR): where containers and volumes live');
  const tags = [...list(o.tag), ...(env.GANTRY_TAG ?? '').split(',').map((s) => s.trim()).filter(Boolean)];
  let worker;
  try {
    worker = await startWorkerProcess({
      webUrl, key, workDir: resolve(workDir), tags, log,
      ...(str(o.name) ?? str(env.GANTRY_NAME) ? { name: (str(o.name) ?? str(env.GANTRY_NAME))! } : {}),
      ...(str(o.team) ?? str(env.GANTRY_TEAM) ? { team: (str(o.team) ?? str(env.GANTRY_TEAM))! } : {}),
      bindIp: str(o.bindIp) ?? str(env.GANTRY_BIND_IP) ?? '127.0.0.1',
      bindPort: parsePort(str(o.bindPort) ?? str(env.GANTRY_BIND_PORT), 0),
      ...(str(o.peerUrl) ? { peerUrl: str(o.peerUrl)! } : {}),
      ...(str(o.heartbeatInterval) ? { heartbeatMs: seconds(str(o.heartbeatInterval)!) * 1000 } : {}),
    });
  } catch (err) {
    if (err instanceof RefusedError) throw new CliError(err.message);
    throw err;
  }
  process.stdout.write(`gantry worker ${worker.name} serving on ${worker.url}, registered with ${webUrl}\n`);
  return new Promise<number>((resolveExit) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      log(`${signal} received: shutting down`);
      void worker.stop();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    void worker.done.then(async (why) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await worker.stop();
      if (why !== 'stopped') log(`worker ${worker.name} ${why}`);
      resolveExit(0);
    });
  });
}

function seconds(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  if (!m) throw new CliError(`--heartbeat-interval wants a duration like 10s, got '${text}'`);
  return Number(m[1]) * ({ ms: 0.001, s: 1, m: 60 }[m[2] ?? 's'] ?? 1);
}
