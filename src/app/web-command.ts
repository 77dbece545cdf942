// `gantry web`: flags (or GANTRY_* environment variables) → startWebNode.
import type { CommandInput } from '../cli/command-spec';
import { CliError } from '../cli/errors';
import { startWebNode, readSigningKeyFile } from './web';
import { stopOnSignals } from './process-signals';
import { workerKeyFrom } from './worker-command';

const log = (m: string): void => void process.stderr.write(`${m}\n`);

export function parseUserPass(text: string, flag: string): { username: string; password: string } {
  const i = text.indexOf(':');
  if (i <= 0 || i === text.length - 1) throw new CliError(`${flag} wants USER:PASSWORD, got '${text}'`);
  return { username: text.slice(0, i), password: text.slice(i + 1) };
}

export function parsePort(text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`port must be 0-65535, got '${text}'`);
  return n;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const envList = (name: string): string[] => (process.env[name] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export async function run(input: CommandInput): Promise<number> {
  const o = input.options;
  const env = process.env;
  const users = [...list(o.addLocalUser), ...envList('GANTRY_ADD_LOCAL_USER')].map((u) => parseUserPass(u, '--add-local-user'));
  const keyFile = str(o.sessionSigningKey) ?? str(env.GANTRY_SESSION_SIGNING_KEY);
  const postgresUrl = str(o.postgresUrl) ?? str(env.GANTRY_POSTGRES_URL);
  const dataDir = str(o.dataDir) ?? str(env.GANTRY_DATA_DIR);
  if (!postgresUrl && !dataDir) throw new CliError('give --postgres-url (or GANTRY_POSTGRES_URL) or --data-dir for embedded PGlite');
  const node = await startWebNode({
    port: parsePort(str(o.bindPort) ?? str(o.port) ?? str(env.GANTRY_BIND_PORT), 8080),
    host: str(o.bindIp) ?? str(env.GANTRY_BIND_IP) ?? '0.0.0.0',
    postgresUrl,
    dataDir,
    localUsers: users,
    mainTeamUsers: [...list(o.mainTeamLocalUser), ...envList('GANTRY_MAIN_TEAM_LOCAL_USER')],
    signingKey: keyFile ? readSigningKeyFile(keyFile) : undefined,
    externalUrl: str(o.externalUrl) ?? str(env.GANTRY_EXTERNAL_URL),
    workerKey: workerKeyFrom(o),
    workerDir: str(o.localWorker) ?? str(env.GANTRY_LOCAL_WORKER),
    log,
  });
  process.stdout.write(`gantry web listening on ${node.url}\n`);
  return stopOnSignals(node.stop, log);
}
