// Debian's buildbot 3.7 as the peer baseline: a master and W workers on loopback in a temp
// dir, started with their own daemonising commands and stopped by the pid files they write.
// scripts/install-buildbot.sh installs the packages.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './quickstart-node';

export interface Buildbot {
  dir: string;
  /** Sends n changes (n builds) and waits for all; seconds from the first send to the last build's end. */
  run(n: number): { seconds: number; results: Record<string, number> };
  stop(): void;
}

export function buildbotInstalled(): boolean {
  return spawnSync('sh', ['-c', 'command -v buildbot && command -v buildbot-worker'], { stdio: 'ignore' }).status === 0;
}

const PY = '/usr/bin/python3'; // the interpreter the Debian package installs into

export async function startBuildbot(workers: number): Promise<Buildbot> {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-bench-buildbot-'));
  const pbPort = await freePort();
  const master = join(dir, 'master');
  const stop = (): void => {
    // `buildbot stop` returned here while a master under load was still shutting down, and a
    // master whose dir is then removed never finishes: after the polite stop, SIGKILL by pid.
    const pids = [...Array.from({ length: workers }, (_, i) => join(dir, `w${i}`)), master]
      .map((d) => { try { return Number(readFileSync(join(d, 'twistd.pid'), 'utf8')); } catch { return 0; } });
    for (let i = 0; i < workers; i++) {
      if (existsSync(join(dir, `w${i}`, 'twistd.pid'))) spawnSync('buildbot-worker', ['stop', join(dir, `w${i}`)], { stdio: 'ignore' });
    }
    if (existsSync(join(master, 'twistd.pid'))) spawnSync('buildbot', ['stop', master], { stdio: 'ignore' });
    for (const pid of pids) if (pid > 0) { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    execFileSync('buildbot', ['create-master', '-q', master], { stdio: 'ignore' });
    const cfg = readFileSync(resolve('bench/buildbot/master.cfg.tmpl'), 'utf8').replaceAll('@WORKERS@', String(workers)).replaceAll('@PB_PORT@', String(pbPort));
    writeFileSync(join(master, 'master.cfg'), cfg);
    execFileSync('buildbot', ['start', master], { stdio: 'ignore' });
    for (let i = 0; i < workers; i++) {
      execFileSync('buildbot-worker', ['create-worker', '-q', join(dir, `w${i}`), `127.0.0.1:${pbPort}`, `w${i}`, 'pw'], { stdio: 'ignore' });
      execFileSync('buildbot-worker', ['start', join(dir, `w${i}`)], { stdio: 'ignore' });
    }
    await waitAttached(master, workers);
  } catch (e) {
    stop();
    throw e;
  }
  const run = (n: number): { seconds: number; results: Record<string, number> } => {
    const out = execFileSync(PY, [resolve('bench/buildbot/drive.py'), `127.0.0.1:${pbPort}`, join(master, 'state.sqlite'), String(n)], { encoding: 'utf8', timeout: 600_000 });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { seconds: number; results: Record<string, number>; error?: string };
    if (r.error) throw new Error(`buildbot driver: ${r.error}`);
    return r;
  };
  return { dir, run, stop };
}

async function waitAttached(master: string, workers: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const log = readFileSync(join(master, 'twistd.log'), 'utf8');
    const attached = new Set([...log.matchAll(/[Ww]orker (w\d+) attached|worker '(w\d+)' attaching/g)].map((m) => m[1] ?? m[2]));
    if (attached.size >= workers) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`buildbot workers did not attach within 60 s (see ${master}/twistd.log)`);
}
