// `gantry quickstart` with its example, as a child process in a temp data dir: resolves once
// the example pipelines are set, with the URL and the two environments' URLs it printed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface StoryQuickstart {
  url: string;
  dataDir: string;
  envs: { a: string; b: string };
  output(): string;
  stop(): Promise<void>;
}

export async function startStoryQuickstart(opts: { home: string; scale?: number }): Promise<StoryQuickstart> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gantry-story-'));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: opts.home, GANTRY_EXAMPLE_SCALE: String(opts.scale ?? 3) };
  delete env.NODE_TEST_CONTEXT;
  delete env.GANTRY_DATA_DIR;
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/app/main.ts'), 'quickstart', '--port', '0', '--data-dir', dataDir],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    // The worker leaves its volumes' overlay mounts for the next start to sweep; a test's
    // data dir has no next start, so they are detached here before the dir is removed.
    removeWithMounts(dataDir);
  };
  try {
    await new Promise<void>((res, rej) => {
      const timer = setInterval(() => {
        if (/environments: .*\n/.test(out)) { clearInterval(timer); res(); }
        if (/the example pipelines were not set up/.test(out)) { clearInterval(timer); rej(new Error(`the example was not set up:\n${out}`)); }
      }, 100);
      void exited.then(() => { clearInterval(timer); rej(new Error(`quickstart exited before the example was set up:\n${out}`)); });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const url = /ready at (http:\/\/\S+)/.exec(out)![1]!;
  const envs = /environments: a at (\S+), b at (\S+)/.exec(out)!;
  return { url, dataDir, envs: { a: envs[1]!, b: envs[2]! }, output: () => out, stop };
}

/** Detaches every mount under `dir` (deepest first), then removes it. */
export function removeWithMounts(dir: string): void {
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length);
  for (const m of mounts) spawnSync('umount', ['-l', m]);
  rmSync(dir, { recursive: true, force: true });
}
