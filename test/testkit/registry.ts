// A real OCI registry (docker-registry on loopback, scripts/registry.sh) for tests: one per
// test process, started on first use and stopped when the process exits.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import bcrypt from 'bcryptjs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './postgres';

const SCRIPT = resolve('scripts/registry.sh');
let started: Promise<string> | undefined;
let dir: string | undefined;

/** `127.0.0.1:PORT` of this process's registry. */
export function testRegistry(): Promise<string> {
  started ??= start();
  return started;
}

/** The registry's storage directory, for tests that tamper with what it serves. */
export async function testRegistryStorage(): Promise<string> {
  await testRegistry();
  return join(dir!, 'storage');
}

/** Another registry that asks for Basic auth (`username`/`password`); stopped at exit. */
export async function startAuthRegistry(username: string, password: string): Promise<string> {
  const d = mkdtempSync(join(tmpdir(), 'gantry-registry-auth-'));
  writeFileSync(join(d, 'htpasswd'), `${username}:${bcrypt.hashSync(password, 4)}\n`);
  return launch(d, [join(d, 'htpasswd')]);
}

async function start(): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'gantry-registry-'));
  return launch(dir, []);
}

async function launch(d: string, extra: string[]): Promise<string> {
  process.on('exit', () => {
    spawnSync(SCRIPT, ['stop', d], { stdio: 'ignore' });
    rmSync(d, { recursive: true, force: true });
  });
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const out = spawnSync(SCRIPT, ['start', d, String(port), ...extra], { encoding: 'utf8' });
    if (out.status === 0) return out.stdout.trim();
    // The port may have been taken between the probe and the registry's bind.
    if (attempt >= 3) throw new Error(`could not start the registry: ${out.stderr}`);
  }
}
